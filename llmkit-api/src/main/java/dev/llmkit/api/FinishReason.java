package dev.llmkit.api;

/** Why the model stopped generating. */
public enum FinishReason {
    /** It finished its answer or hit a stop sequence. */
    STOP,
    /** It reached {@code maxOutputTokens} or the context window; the answer is cut off. */
    LENGTH,
    /** It asked for tool calls. */
    TOOL_CALLS,
    /** A content filter stopped it. */
    CONTENT_FILTER,
    /**
     * The model declined to answer (OpenAI's {@code refusal}, Anthropic's {@code refusal} stop reason); the message
     * text is the model's explanation, not an answer.
     */
    REFUSAL,
    /** Any other reason, or the provider did not say. */
    OTHER
}
