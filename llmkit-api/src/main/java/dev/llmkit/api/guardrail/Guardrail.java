package dev.llmkit.api.guardrail;

import java.util.Set;

/**
 * A check on text going into or coming out of a model, or on untrusted content the model will read: PII masking,
 * prompt-injection detection, length limits, schema validation, grounding. Returns a {@link Verdict}: pass, rewrite,
 * block or reask.
 *
 * <p>A guardrail chain (in {@code llmkit-guardrails}) runs each guardrail at the {@link #stages()} it declares:
 * input guardrails on the user's text before the call, stream guardrails on the partial text as tokens arrive (a
 * block cancels the stream through the handle it got in {@code onStart}), output guardrails on the answer, and
 * untrusted-content guardrails on tool results and retrieved chunks. A block becomes a
 * {@link dev.llmkit.api.error.ContentBlockedException} naming the guardrail and its reason. Implementations are
 * thread-safe; stream guardrails must be fast, as they run per token.
 */
@FunctionalInterface
public interface Guardrail {

    /** Checks one text. */
    Verdict check(GuardrailContext context);

    /** The guardrail's name, used in verdicts, logs and exceptions. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The stages this guardrail runs at; input and output unless overridden. */
    default Set<GuardrailContext.Stage> stages() {
        return Set.of(GuardrailContext.Stage.INPUT, GuardrailContext.Stage.OUTPUT);
    }
}
