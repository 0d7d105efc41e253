package dev.llmkit.examples.readme;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.guardrails.GroundingGuardrail;
import dev.llmkit.guardrails.Guardrails;
import dev.llmkit.guardrails.InjectionGuardrail;
import dev.llmkit.guardrails.InputLimit;
import dev.llmkit.guardrails.JsonSchemaGuardrail;
import dev.llmkit.guardrails.LeakGuardrail;
import dev.llmkit.guardrails.PiiGuardrail;
import dev.llmkit.guardrails.Spotlight;

/** The guardrails guide's first example: a chain around any model (docs/guardrails.md). */
public final class GuardrailsExample {
    private GuardrailsExample() {}

    /** {@code model} with the guide's chain, reporting verdicts to {@code myListener}. */
    public static ChatModel guard(ChatModel model, ChatModelListener myListener) {
        ChatModel guarded = Guardrails.builder(model)
                .add(InputLimit.maxTokens(4000, TokenCounter.estimator()))  // first: bounds the work of the rest
                .add(PiiGuardrail.masking())                                // <EMAIL_1> instead of the address; restored after
                .add(InjectionGuardrail.heuristic())                        // the question and untrusted content
                .add(Spotlight.fence())                                     // tool results fenced as data
                .add(JsonSchemaGuardrail.fromRequest())                     // structured output, repaired by re-asking
                .add(LeakGuardrail.standard())                              // secrets and the system prompt, while streaming
                .monitor(GroundingGuardrail.standard())                     // counted, never blocks
                .listener(myListener)                                       // a GuardrailEvent for every verdict but pass
                .build();
        return guarded;
    }
}
