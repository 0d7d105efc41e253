package dev.llmkit.api.guardrail;

/**
 * A check on text going into or coming out of a model: PII redaction, prompt-injection detection, length limits,
 * schema validation. Returns a {@link Verdict}: pass, rewrite the text, or block the call.
 *
 * <p>A guardrail chain (in {@code llmkit-guardrails}) runs input guardrails on the user's text before the call and
 * output guardrails on the answer after it; a block becomes a
 * {@link dev.llmkit.api.error.ContentBlockedException} naming the guardrail and its reason.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Guardrail {

    /** Checks one text. */
    Verdict check(GuardrailContext context);

    /** The guardrail's name, used in verdicts, logs and exceptions. */
    default String name() {
        return getClass().getSimpleName();
    }
}
