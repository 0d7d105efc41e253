package dev.llmkit.eval;

import java.util.Objects;

/**
 * One check's verdict on one case.
 *
 * @param check the check's name ({@code contains}, {@code recall@5}, ...)
 * @param passed whether the case passed it
 * @param score from 0 to 1 (1 or 0 for yes/no checks)
 * @param detail why, in a sentence
 */
public record CheckResult(String check, boolean passed, double score, String detail) {
    /** Validates. */
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be between 0 and 1, was " + score);
        }
    }

    static CheckResult of(String check, boolean passed, String detail) {
        return new CheckResult(check, passed, passed ? 1 : 0, detail);
    }
}
