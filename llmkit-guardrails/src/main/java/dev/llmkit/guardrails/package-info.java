/**
 * A guardrail chain around any {@link dev.llmkit.api.ChatModel} ({@link Guardrails#around}), and the guardrails
 * llmkit ships: PII masking ({@link PiiGuardrail}), prompt-injection detection ({@link InjectionGuardrail}) and
 * spotlighting of untrusted text ({@link Spotlight}), JSON-schema validation with re-asks ({@link JsonSchemaGuardrail}),
 * leak checks ({@link LeakGuardrail}), grounding of cited answers ({@link GroundingGuardrail}), moderation
 * ({@link ModerationGuardrail}), input limits ({@link InputLimit}) and topics ({@link TopicGuardrail}).
 */
@NullMarked
package dev.llmkit.guardrails;

import org.jspecify.annotations.NullMarked;
