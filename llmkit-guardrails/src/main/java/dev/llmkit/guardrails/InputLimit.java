package dev.llmkit.guardrails;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import java.util.Objects;
import java.util.Set;

/**
 * Blocks a user message longer than a number of tokens, counted with a {@link TokenCounter} (the exact tokenizer from
 * llmkit-routing, or the estimator, which overcounts English prose). It protects budgets and context windows from a
 * pasted book, and bounds the work of the guardrails after it: put it first.
 *
 * <pre>{@code
 * Guardrails.around(model, InputLimit.maxTokens(4000, TokenCounter.estimator()), PiiGuardrail.masking());
 * }</pre>
 */
public final class InputLimit implements Guardrail {
    private final int maxTokens;
    private final TokenCounter counter;

    private InputLimit(int maxTokens, TokenCounter counter) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** At most {@code maxTokens} tokens per user message, counted by {@code counter}. */
    public static InputLimit maxTokens(int maxTokens, TokenCounter counter) {
        return new InputLimit(maxTokens, counter);
    }

    @Override
    public Verdict check(GuardrailContext context) {
        int tokens = counter.count(context.text());
        return tokens <= maxTokens ? Verdict.pass() : Verdict.block("the message has " + tokens + " tokens, more than"
                + " the limit of " + maxTokens + "; shorten it or split it into several messages");
    }

    @Override
    public String name() {
        return "input-limit";
    }

    @Override
    public Set<GuardrailContext.Stage> stages() {
        return Set.of(GuardrailContext.Stage.INPUT);
    }

    @Override
    public String toString() {
        return "InputLimit{maxTokens=" + maxTokens + ", " + counter + "}";
    }
}
