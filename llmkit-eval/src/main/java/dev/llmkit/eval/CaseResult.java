package dev.llmkit.eval;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one case went.
 *
 * @param id the case's id
 * @param answer the answer, as the target gave it
 * @param latency how long the target took
 * @param checks each check's verdict
 * @param error why the target failed, when it did (the case then fails)
 */
public record CaseResult(String id, String answer, Duration latency, List<CheckResult> checks, @Nullable String error) {
    /** Validates and copies. */
    public CaseResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(latency, "latency");
        checks = List.copyOf(checks);
    }

    /** Whether the target answered and every check passed. */
    public boolean passed() {
        return error == null && checks.stream().allMatch(CheckResult::passed);
    }

    /** The target's failure, if any. */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }
}
