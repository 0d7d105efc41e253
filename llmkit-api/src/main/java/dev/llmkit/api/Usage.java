package dev.llmkit.api;

import java.util.Objects;

/**
 * Tokens a call used. Immutable; build one with {@link #of(long, long)} or {@link #builder()}.
 *
 * <p>Input tokens include every prompt token, those read from and written to the provider's prompt cache too; output
 * tokens include hidden reasoning tokens. The cache and reasoning counts are subsets that price differently
 * ({@link ModelInfo#cost(Usage)}).
 */
public final class Usage {

    /** No tokens (e.g. a cache hit, or a server that does not report usage). */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    private final long inputTokens;
    private final long outputTokens;
    private final long cacheReadInputTokens;
    private final long cacheWriteInputTokens;
    private final long reasoningTokens;

    private Usage(long inputTokens, long outputTokens, long cacheRead, long cacheWrite, long reasoningTokens) {
        if (inputTokens < 0 || outputTokens < 0 || cacheRead < 0 || cacheWrite < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: in=" + inputTokens
                    + " out=" + outputTokens + " cacheRead=" + cacheRead + " cacheWrite=" + cacheWrite
                    + " reasoning=" + reasoningTokens);
        }
        if (cacheRead + cacheWrite > inputTokens) {
            throw new IllegalArgumentException("cache read (" + cacheRead + ") plus cache write (" + cacheWrite
                    + ") input tokens cannot exceed inputTokens (" + inputTokens + "), which include them");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoningTokens (" + reasoningTokens
                    + ") cannot exceed outputTokens (" + outputTokens + "), which include them");
        }
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cacheReadInputTokens = cacheRead;
        this.cacheWriteInputTokens = cacheWrite;
        this.reasoningTokens = reasoningTokens;
    }

    /** Usage with only input and output tokens. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    /** Starts a builder with every count zero. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these counts. */
    public Builder toBuilder() {
        return new Builder().inputTokens(inputTokens).outputTokens(outputTokens)
                .cacheReadInputTokens(cacheReadInputTokens).cacheWriteInputTokens(cacheWriteInputTokens)
                .reasoningTokens(reasoningTokens);
    }

    /** Prompt tokens, cache reads and writes included. */
    public long inputTokens() {
        return inputTokens;
    }

    /** Generated tokens, reasoning tokens included (what the provider bills as output). */
    public long outputTokens() {
        return outputTokens;
    }

    /**
     * Prompt tokens served from the provider's prompt cache (OpenAI's {@code prompt_tokens_details.cached_tokens},
     * Anthropic's {@code cache_read_input_tokens}); a subset of {@link #inputTokens()}.
     */
    public long cacheReadInputTokens() {
        return cacheReadInputTokens;
    }

    /**
     * Prompt tokens written to the provider's prompt cache (Anthropic's {@code cache_creation_input_tokens}, billed
     * above the input price); a subset of {@link #inputTokens()}.
     */
    public long cacheWriteInputTokens() {
        return cacheWriteInputTokens;
    }

    /** Prompt tokens neither read from nor written to a prompt cache. */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadInputTokens - cacheWriteInputTokens;
    }

    /**
     * Hidden reasoning tokens of reasoning models (OpenAI's {@code completion_tokens_details.reasoning_tokens}); a
     * subset of {@link #outputTokens()}, zero when not reported.
     */
    public long reasoningTokens() {
        return reasoningTokens;
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Output tokens that are visible text or tool calls, i.e. output minus reasoning. */
    public long visibleOutputTokens() {
        return outputTokens - reasoningTokens;
    }

    /** The sum of two usages, e.g. across an agent's steps. */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadInputTokens + other.cacheReadInputTokens, cacheWriteInputTokens + other.cacheWriteInputTokens,
                reasoningTokens + other.reasoningTokens);
    }

    /** Equal when every count is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Usage u && inputTokens == u.inputTokens && outputTokens == u.outputTokens
                && cacheReadInputTokens == u.cacheReadInputTokens && cacheWriteInputTokens == u.cacheWriteInputTokens
                && reasoningTokens == u.reasoningTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputTokens, outputTokens, cacheReadInputTokens, cacheWriteInputTokens, reasoningTokens);
    }

    @Override
    public String toString() {
        return "Usage{in=" + inputTokens + ", out=" + outputTokens
                + (cacheReadInputTokens == 0 ? "" : ", cacheRead=" + cacheReadInputTokens)
                + (cacheWriteInputTokens == 0 ? "" : ", cacheWrite=" + cacheWriteInputTokens)
                + (reasoningTokens == 0 ? "" : ", reasoning=" + reasoningTokens) + "}";
    }

    /** Builds a {@link Usage}. Not thread-safe. */
    public static final class Builder {
        private long inputTokens;
        private long outputTokens;
        private long cacheRead;
        private long cacheWrite;
        private long reasoning;

        private Builder() {}

        /** Prompt tokens, cache reads and writes included. */
        public Builder inputTokens(long tokens) {
            inputTokens = tokens;
            return this;
        }

        /** Generated tokens, reasoning included. */
        public Builder outputTokens(long tokens) {
            outputTokens = tokens;
            return this;
        }

        /** Prompt tokens read from the prompt cache. */
        public Builder cacheReadInputTokens(long tokens) {
            cacheRead = tokens;
            return this;
        }

        /** Prompt tokens written to the prompt cache. */
        public Builder cacheWriteInputTokens(long tokens) {
            cacheWrite = tokens;
            return this;
        }

        /** Hidden reasoning tokens. */
        public Builder reasoningTokens(long tokens) {
            reasoning = tokens;
            return this;
        }

        /** Builds and validates. */
        public Usage build() {
            return new Usage(inputTokens, outputTokens, cacheRead, cacheWrite, reasoning);
        }
    }
}
