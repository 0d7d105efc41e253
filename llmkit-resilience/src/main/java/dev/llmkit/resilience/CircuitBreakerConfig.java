package dev.llmkit.resilience;

import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RejectedException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link CircuitBreaker} decides: over a count-based sliding window (the last {@code windowSize} calls, the
 * default) or a time-based one (the calls of the last {@code windowDuration}, in one-second buckets).
 *
 * @param windowType count- or time-based
 * @param windowSize calls remembered by a count-based window (default {@value #DEFAULT_WINDOW_SIZE})
 * @param windowDuration the span of a time-based window (default 60 s)
 * @param minimumCalls calls needed before rates are judged (default {@value #DEFAULT_MINIMUM_CALLS})
 * @param failureRateThreshold open at or above this share of failures, in (0, 1] (default 0.5)
 * @param slowCallDuration a call slower than this is slow (default 60 s)
 * @param slowCallRateThreshold open at or above this share of slow calls, in (0, 1] (default 1.0)
 * @param waitInOpen how long the breaker stays open before letting probes through (default 30 s)
 * @param halfOpenCalls probes allowed in half-open; all must succeed to close (default {@value #DEFAULT_HALF_OPEN_CALLS})
 * @param recordFailure which errors count as failures; default: retryable ones (a 400 is the caller's fault)
 */
public record CircuitBreakerConfig(WindowType windowType, int windowSize, Duration windowDuration, int minimumCalls, double failureRateThreshold,
        Duration slowCallDuration, double slowCallRateThreshold, Duration waitInOpen, int halfOpenCalls,
        Predicate<LlmException> recordFailure) {

    /** Default time-based window. */
    public static final Duration DEFAULT_WINDOW_DURATION = Duration.ofSeconds(60);
    /** Default window. */
    public static final int DEFAULT_WINDOW_SIZE = 20;
    /** Default minimum calls. */
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    /** Default failure rate threshold. */
    public static final double DEFAULT_FAILURE_RATE = 0.5;
    /** Default slow-call duration. */
    public static final Duration DEFAULT_SLOW_CALL_DURATION = Duration.ofSeconds(60);
    /** Default slow-call rate threshold. */
    public static final double DEFAULT_SLOW_CALL_RATE = 1.0;
    /** Default wait in open. */
    public static final Duration DEFAULT_WAIT_IN_OPEN = Duration.ofSeconds(30);
    /** Default half-open probes. */
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;
    /** Default failure predicate: retryable provider failures, not caller faults or other components' refusals. */
    public static final Predicate<LlmException> RETRYABLE_FAILURES =
            e -> e.isRetryable() && !(e instanceof InvalidRequestException) && !(e instanceof RejectedException);

    /** The defaults. */
    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(WindowType.COUNT, DEFAULT_WINDOW_SIZE,
            DEFAULT_WINDOW_DURATION,
            DEFAULT_MINIMUM_CALLS, DEFAULT_FAILURE_RATE, DEFAULT_SLOW_CALL_DURATION, DEFAULT_SLOW_CALL_RATE,
            DEFAULT_WAIT_IN_OPEN, DEFAULT_HALF_OPEN_CALLS, RETRYABLE_FAILURES);

    /** Validates. */
    public CircuitBreakerConfig {
        Objects.requireNonNull(windowType, "windowType");
        Objects.requireNonNull(windowDuration, "windowDuration");
        if (windowDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("windowDuration must be at least 1 s, got " + windowDuration);
        }
        if (windowSize < 1 || minimumCalls < 1 || (windowType == WindowType.COUNT && minimumCalls > windowSize)) {
            throw new IllegalArgumentException("need 1 <= minimumCalls <= windowSize, got " + minimumCalls + ", "
                    + windowSize);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 1) || !(slowCallRateThreshold > 0 && slowCallRateThreshold <= 1)) {
            throw new IllegalArgumentException("rate thresholds must be in (0, 1]");
        }
        Objects.requireNonNull(slowCallDuration, "slowCallDuration");
        Objects.requireNonNull(waitInOpen, "waitInOpen");
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException("halfOpenCalls must be at least 1, got " + halfOpenCalls);
        }
        Objects.requireNonNull(recordFailure, "recordFailure");
    }

    /** A copy with another window and minimum. */
    public CircuitBreakerConfig withWindow(int windowSize, int minimumCalls) {
        return new CircuitBreakerConfig(WindowType.COUNT, windowSize, windowDuration, minimumCalls, failureRateThreshold, slowCallDuration,
                slowCallRateThreshold, waitInOpen, halfOpenCalls, recordFailure);
    }

    /** A copy with a time-based window over {@code duration} that judges once it holds {@code minimumCalls} calls. */
    public CircuitBreakerConfig withTimeWindow(Duration duration, int minimumCalls) {
        return new CircuitBreakerConfig(WindowType.TIME, windowSize, duration, minimumCalls, failureRateThreshold,
                slowCallDuration, slowCallRateThreshold, waitInOpen, halfOpenCalls, recordFailure);
    }

    /** A copy with another failure rate threshold. */
    public CircuitBreakerConfig withFailureRate(double threshold) {
        return new CircuitBreakerConfig(windowType, windowSize, windowDuration, minimumCalls, threshold, slowCallDuration, slowCallRateThreshold,
                waitInOpen, halfOpenCalls, recordFailure);
    }

    /** A copy with other slow-call settings. */
    public CircuitBreakerConfig withSlowCalls(Duration duration, double rateThreshold) {
        return new CircuitBreakerConfig(windowType, windowSize, windowDuration, minimumCalls, failureRateThreshold, duration, rateThreshold,
                waitInOpen, halfOpenCalls, recordFailure);
    }

    /** A copy with another open wait and number of probes. */
    public CircuitBreakerConfig withOpenWait(Duration waitInOpen, int halfOpenCalls) {
        return new CircuitBreakerConfig(windowType, windowSize, windowDuration, minimumCalls, failureRateThreshold, slowCallDuration,
                slowCallRateThreshold, waitInOpen, halfOpenCalls, recordFailure);
    }

    /** A copy with another failure predicate. */
    public CircuitBreakerConfig withRecordFailure(Predicate<LlmException> recordFailure) {
        return new CircuitBreakerConfig(windowType, windowSize, windowDuration, minimumCalls, failureRateThreshold, slowCallDuration,
                slowCallRateThreshold, waitInOpen, halfOpenCalls, recordFailure);
    }

    /** How the breaker's window is kept. */
    public enum WindowType {
        /** The last {@code windowSize} calls. */
        COUNT,
        /** The calls of the last {@code windowDuration}. */
        TIME
    }
}
