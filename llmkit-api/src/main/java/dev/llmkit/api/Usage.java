package dev.llmkit.api;

/**
 * Tokens a call used.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens generated tokens
 * @param cachedInputTokens prompt tokens served from the provider's prompt cache (a subset of {@code inputTokens})
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {

    /** No tokens (e.g. a cache hit, or a server that does not report usage). */
    public static final Usage ZERO = new Usage(0, 0, 0);

    /** Validates. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: in=" + inputTokens
                    + " out=" + outputTokens + " cached=" + cachedInputTokens);
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cachedInputTokens (" + cachedInputTokens
                    + ") cannot exceed inputTokens (" + inputTokens + ")");
        }
    }

    /** Usage without cached tokens. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0);
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The sum of two usages, e.g. across an agent's steps. */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens);
    }
}
