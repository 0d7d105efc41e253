package dev.llmkit.guardrails;

/**
 * Whether a guardrail's verdicts take effect. Teams run a new guardrail in {@link #MONITOR} mode first, count what it
 * would have done through the {@link dev.llmkit.api.event.GuardrailEvent}s, and switch it to {@link #ENFORCE} once the
 * numbers are right.
 */
public enum Mode {
    /** Verdicts act: a rewrite changes the text, a block stops the call, a re-ask asks the model again. */
    ENFORCE,
    /** Verdicts are logged (DEBUG) and reported as events with {@code enforced() == false}; the call goes on unchanged. */
    MONITOR
}
