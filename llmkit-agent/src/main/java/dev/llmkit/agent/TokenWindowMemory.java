package dev.llmkit.agent;

import dev.llmkit.api.Message;
import dev.llmkit.api.TokenCounter;
import java.util.List;
import java.util.Objects;

/**
 * Keeps as many of each session's latest messages as fit in {@code maxTokens}, counted by a {@link TokenCounter}, cut
 * so that the memory starts with a user message. Thread-safe per session when the store is.
 */
public final class TokenWindowMemory extends StoredMemory {
    private final int maxTokens;
    private final TokenCounter counter;

    private TokenWindowMemory(int maxTokens, TokenCounter counter, MemoryStore store) {
        super(store);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** The latest messages within {@code maxTokens}, counted by {@code counter}, in {@code store}. */
    public static TokenWindowMemory of(int maxTokens, TokenCounter counter, MemoryStore store) {
        return new TokenWindowMemory(maxTokens, counter, store);
    }

    @Override
    List<Message> kept(String sessionId, List<Message> all) {
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
        return MessageWindowMemory.Windows.fromUserTurn(all.subList(start, all.size()));
    }
}
