package dev.llmkit.agent;

import dev.llmkit.api.Message;
import dev.llmkit.api.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the last {@code maxMessages} messages of each session, cut so that the memory starts with a user message
 * (never with an answer whose question was dropped). Thread-safe per session when the store is.
 */
public final class MessageWindowMemory implements ChatMemory {
    private final int maxMessages;
    private final MemoryStore store;

    private MessageWindowMemory(int maxMessages, MemoryStore store) {
        if (maxMessages < 2) {
            throw new IllegalArgumentException("maxMessages must be at least 2 (a question and its answer), was "
                    + maxMessages);
        }
        this.maxMessages = maxMessages;
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The last {@code maxMessages} messages, in {@code store}. */
    public static MessageWindowMemory of(int maxMessages, MemoryStore store) {
        return new MessageWindowMemory(maxMessages, store);
    }

    @Override
    public List<Message> messages(String sessionId) {
        return store.load(sessionId);
    }

    @Override
    public synchronized void add(String sessionId, List<Message> turn) {
        List<Message> all = new ArrayList<>(store.load(sessionId));
        all.addAll(turn);
        store.save(sessionId, Windows.fromUserTurn(all.subList(Math.max(0, all.size() - maxMessages), all.size())));
    }

    @Override
    public void clear(String sessionId) {
        store.delete(sessionId);
    }

    /** Cutting a window so that it starts at a user's turn. */
    static final class Windows {
        private Windows() {}

        static List<Message> fromUserTurn(List<Message> window) {
            int start = 0;
            while (start < window.size() && !(window.get(start) instanceof UserMessage)) {
                start++;
            }
            return List.copyOf(window.subList(start, window.size()));
        }
    }
}
