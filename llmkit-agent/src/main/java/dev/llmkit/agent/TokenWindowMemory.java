package dev.llmkit.agent;

import dev.llmkit.api.Message;
import dev.llmkit.api.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps as many of each session's latest messages as fit in {@code maxTokens}, counted by a {@link TokenCounter}, cut
 * so that the memory starts with a user message. Thread-safe per session when the store is.
 */
public final class TokenWindowMemory implements ChatMemory {
    private final int maxTokens;
    private final TokenCounter counter;
    private final MemoryStore store;

    private TokenWindowMemory(int maxTokens, TokenCounter counter, MemoryStore store) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.counter = Objects.requireNonNull(counter, "counter");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The latest messages within {@code maxTokens}, counted by {@code counter}, in {@code store}. */
    public static TokenWindowMemory of(int maxTokens, TokenCounter counter, MemoryStore store) {
        return new TokenWindowMemory(maxTokens, counter, store);
    }

    @Override
    public List<Message> messages(String sessionId) {
        return store.load(sessionId);
    }

    @Override
    public synchronized void add(String sessionId, List<Message> turn) {
        List<Message> all = new ArrayList<>(store.load(sessionId));
        all.addAll(turn);
        int start = all.size();
        int tokens = 0;
        while (start > 0) {
            int t = counter.countMessages(List.of(all.get(start - 1)));
            if (tokens + t > maxTokens) {
                break;
            }
            tokens += t;
            start--;
        }
        store.save(sessionId, MessageWindowMemory.Windows.fromUserTurn(all.subList(start, all.size())));
    }

    @Override
    public void clear(String sessionId) {
        store.delete(sessionId);
    }
}
