package dev.llmkit.api;

/**
 * Tokens a call used.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens generated tokens, reasoning tokens included (what the provider bills as output)
 * @param cachedInputTokens prompt tokens served from the provider's prompt cache (a subset of {@code inputTokens})
 * @param reasoningTokens hidden reasoning tokens of reasoning models (OpenAI's
 *     {@code completion_tokens_details.reasoning_tokens}); a subset of {@code outputTokens}, zero when not reported
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {

    /** No tokens (e.g. a cache hit, or a server that does not report usage). */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    /** Validates. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: in=" + inputTokens
                    + " out=" + outputTokens + " cached=" + cachedInputTokens + " reasoning=" + reasoningTokens);
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cachedInputTokens (" + cachedInputTokens
                    + ") cannot exceed inputTokens (" + inputTokens + ")");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoningTokens (" + reasoningTokens
                    + ") cannot exceed outputTokens (" + outputTokens + "), which include them");
        }
    }

    /** Usage without reasoning tokens. */
    public Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
        this(inputTokens, outputTokens, cachedInputTokens, 0);
    }

    /** Usage without cached or reasoning tokens. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0);
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
                cachedInputTokens + other.cachedInputTokens, reasoningTokens + other.reasoningTokens);
    }
}
