package dev.llmkit.agent;

import dev.llmkit.api.Message;
import dev.llmkit.api.UserMessage;
import java.util.List;

/**
 * Keeps the last {@code maxMessages} messages of each session, cut so that the memory starts with a user message
 * (never with an answer whose question was dropped). Thread-safe per session when the store is.
 */
public final class MessageWindowMemory extends StoredMemory {
    private final int maxMessages;

    private MessageWindowMemory(int maxMessages, MemoryStore store) {
        super(store);
        if (maxMessages < 2) {
            throw new IllegalArgumentException("maxMessages must be at least 2 (a question and its answer), was "
                    + maxMessages);
        }
        this.maxMessages = maxMessages;
    }

    /** The last {@code maxMessages} messages, in {@code store}. */
    public static MessageWindowMemory of(int maxMessages, MemoryStore store) {
        return new MessageWindowMemory(maxMessages, store);
    }

    @Override
    List<Message> kept(String sessionId, List<Message> all) {
        return Windows.fromUserTurn(all.subList(Math.max(0, all.size() - maxMessages), all.size()));
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
