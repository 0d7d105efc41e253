package dev.llmkit.rag;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fixed windows of about {@code windowTokens} tokens that overlap by {@code overlapTokens}, cut at word boundaries.
 * Simple and predictable; use {@link MarkdownChunker} for structured documents.
 */
public final class TokenWindowChunker implements Chunker {
    private final int window;
    private final int overlap;
    private final TokenCounter counter;

    private TokenWindowChunker(Builder b) {
        this.window = b.window;
        this.overlap = b.overlap;
        this.counter = b.counter;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Chunk> chunk(Document document) {
        List<String> windows = windows(document.text());
        List<Chunk> out = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            out.add(new Chunk(MarkdownChunker.chunkId(document.id(), i, windows.get(i)), document.id(),
                    windows.get(i), document.source(), i, document.metadata()));
        }
        return out;
    }

    /** The windows of a text. */
    List<String> windows(String text) {
        String[] words = text.strip().split("\\s+");
        List<String> out = new ArrayList<>();
        if (words.length == 0 || words[0].isEmpty()) {
            return out;
        }
        int[] cost = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            cost[i] = Math.max(1, counter.count(words[i]));
        }
        int start = 0;
        while (start < words.length) {
            int end = start;
            int tokens = 0;
            while (end < words.length && (end == start || tokens + cost[end] <= window)) {
                tokens += cost[end];
                end++;
            }
            out.add(String.join(" ", java.util.Arrays.copyOfRange(words, start, end)));
            if (end >= words.length) {
                break;
            }
            int back = end;
            int kept = 0;
            while (back > start + 1 && kept + cost[back - 1] <= overlap) {
                kept += cost[back - 1];
                back--;
            }
            start = back;
        }
        return out;
    }

    /** Builds a {@link TokenWindowChunker}. */
    public static final class Builder {
        private int window = 256;
        private int overlap = 32;
        private TokenCounter counter = TokenCounter.estimator();

        private Builder() {}

        /** Tokens per window, at least 8; default 256. */
        public Builder windowTokens(int window) {
            if (window < 8) {
                throw new IllegalArgumentException("windowTokens must be at least 8, got " + window);
            }
            this.window = window;
            return this;
        }

        /** Tokens shared by consecutive windows, less than the window; default 32. */
        public Builder overlapTokens(int overlap) {
            if (overlap < 0) {
                throw new IllegalArgumentException("overlapTokens must not be negative, got " + overlap);
            }
            this.overlap = overlap;
            return this;
        }

        /** How tokens are counted. */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /** Builds the chunker. */
        public TokenWindowChunker build() {
            if (overlap >= window) {
                throw new IllegalArgumentException("overlapTokens (" + overlap + ") must be less than windowTokens ("
                        + window + ")");
            }
            return new TokenWindowChunker(this);
        }
    }
}
