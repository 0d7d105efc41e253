package dev.llmkit.guardrails;

import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.guardrail.Verdict;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Blocks prompt injections in the user's input and in untrusted content (tool results, retrieved chunks) with an
 * {@link InjectionDetector}. The reason gives the score and the matched rules, never the text.
 *
 * <pre>{@code
 * ChatModel guarded = Guardrails.around(model, InjectionGuardrail.of(InjectionDetector.builder()
 *         .embeddings(LocalEmbeddings.bgeSmallEnV15()).build()));
 * }</pre>
 *
 * A blocked retrieved chunk is best left out of the prompt ({@link GuardedChatModel#screen}); a blocked tool result is
 * withheld from the model by the chain. Immutable and thread-safe.
 */
public final class InjectionGuardrail implements Guardrail {
    private final InjectionDetector detector;
    private final Set<Stage> stages;

    private InjectionGuardrail(InjectionDetector detector, Set<Stage> stages) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.stages = Set.copyOf(stages);
        if (this.stages.isEmpty() || this.stages.contains(Stage.OUTPUT) || this.stages.contains(Stage.STREAM)) {
            throw new IllegalArgumentException("injection checks run on input and untrusted content, not on output");
        }
    }

    /** Heuristics only, on input and untrusted content. */
    public static InjectionGuardrail heuristic() {
        return of(InjectionDetector.heuristic());
    }

    /** {@code detector} on input and untrusted content. */
    public static InjectionGuardrail of(InjectionDetector detector) {
        return new InjectionGuardrail(detector, Set.of(Stage.INPUT, Stage.UNTRUSTED));
    }

    /** {@code detector} at {@code stages} (INPUT, UNTRUSTED or both). */
    public static InjectionGuardrail of(InjectionDetector detector, Set<Stage> stages) {
        return new InjectionGuardrail(detector, stages);
    }

    @Override
    public Verdict check(GuardrailContext context) {
        InjectionScore s = detector.score(context.text());
        if (s.score() < detector.threshold()) {
            return Verdict.pass();
        }
        return Verdict.block(String.format(Locale.ROOT, "likely prompt injection (score %.2f >= %.2f; %s)", s.score(),
                detector.threshold(), s.signals().isEmpty() ? "similar to known attacks" : String.join(", ",
                        s.signals())));
    }

    /** The detector. */
    public InjectionDetector detector() {
        return detector;
    }

    @Override
    public String name() {
        return "prompt-injection";
    }

    @Override
    public Set<Stage> stages() {
        return stages;
    }

    @Override
    public String toString() {
        return "InjectionGuardrail{" + detector + " at " + stages + "}";
    }
}
