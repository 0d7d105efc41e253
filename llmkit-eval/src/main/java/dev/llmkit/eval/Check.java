package dev.llmkit.eval;

/**
 * A check on one case's output. {@link Checks} makes the built-in ones; a check of your own is any implementation.
 * Implementations are thread-safe: a runner checks many cases at once.
 */
public interface Check {

    /** The name reports group results by, such as {@code contains} or {@code recall@5}. */
    String name();

    /**
     * Judges {@code output} for {@code c}.
     *
     * @param context what the run offers checks (the judge model, if any)
     */
    CheckResult evaluate(GoldenCase c, CaseOutput output, EvalContext context);
}
