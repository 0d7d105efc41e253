package dev.llmkit.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Retry} retries. Immutable; every default is a named constant.
 *
 * @param maxAttempts attempts in all, first included (default {@value #DEFAULT_MAX_ATTEMPTS})
 * @param initialBackoff the backoff cap before the first retry (default 500 ms)
 * @param maxBackoff the largest backoff cap (default 30 s)
 * @param multiplier growth of the cap per retry (default 2)
 * @param maxTotalTime no retry starts whose wait would end later than this after the first attempt began (default 60 s)
 * @param budgetRatio retries may add at most this fraction of the calls in the budget window (default 0.1)
 * @param budgetMinRetries retries always allowed per window, so low traffic can still retry (default 10)
 * @param budgetWindow the window over which calls and retries are counted (default 10 s)
 */
public record RetryConfig(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
        Duration maxTotalTime, double budgetRatio, int budgetMinRetries, Duration budgetWindow) {

    /** Default attempts in all. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default first backoff cap. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    /** Default largest backoff cap. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Default backoff growth. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default total time for all attempts. */
    public static final Duration DEFAULT_MAX_TOTAL_TIME = Duration.ofSeconds(60);
    /** Default retry budget: 10 % of recent calls. */
    public static final double DEFAULT_BUDGET_RATIO = 0.1;
    /** Default retries always allowed per window. */
    public static final int DEFAULT_BUDGET_MIN_RETRIES = 10;
    /** Default budget window. */
    public static final Duration DEFAULT_BUDGET_WINDOW = Duration.ofSeconds(10);

    /** The defaults. */
    public static final RetryConfig DEFAULTS = new RetryConfig(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
            DEFAULT_MAX_BACKOFF, DEFAULT_MULTIPLIER, DEFAULT_MAX_TOTAL_TIME, DEFAULT_BUDGET_RATIO,
            DEFAULT_BUDGET_MIN_RETRIES, DEFAULT_BUDGET_WINDOW);

    /** Validates. */
    public RetryConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxTotalTime, "maxTotalTime");
        Objects.requireNonNull(budgetWindow, "budgetWindow");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + ", "
                    + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (!(budgetRatio >= 0)) {
            throw new IllegalArgumentException("budgetRatio must be non-negative, got " + budgetRatio);
        }
        if (budgetMinRetries < 0 || budgetWindow.isZero() || budgetWindow.isNegative()) {
            throw new IllegalArgumentException("budgetMinRetries must be >= 0 and budgetWindow positive");
        }
    }

    /** The defaults with another number of attempts. */
    public static RetryConfig attempts(int maxAttempts) {
        return DEFAULTS.withMaxAttempts(maxAttempts);
    }

    /** A copy with another number of attempts. */
    public RetryConfig withMaxAttempts(int n) {
        return new RetryConfig(n, initialBackoff, maxBackoff, multiplier, maxTotalTime, budgetRatio, budgetMinRetries,
                budgetWindow);
    }

    /** A copy with other backoff caps. */
    public RetryConfig withBackoff(Duration initial, Duration max) {
        return new RetryConfig(maxAttempts, initial, max, multiplier, maxTotalTime, budgetRatio, budgetMinRetries,
                budgetWindow);
    }

    /** A copy with another total time. */
    public RetryConfig withMaxTotalTime(Duration total) {
        return new RetryConfig(maxAttempts, initialBackoff, maxBackoff, multiplier, total, budgetRatio,
                budgetMinRetries, budgetWindow);
    }

    /** A copy with another retry budget. */
    public RetryConfig withBudget(double ratio, int minRetries, Duration window) {
        return new RetryConfig(maxAttempts, initialBackoff, maxBackoff, multiplier, maxTotalTime, ratio, minRetries,
                window);
    }
}
