package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.resilience.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether and when to retry a failed attempt: full-jitter exponential backoff raised to Retry-After, bounded by
 * attempts, total time, the deadline and the retry budget. Shared by the chat and embedding retry layers.
 */
public final class RetryDecision {
    private static final Logger LOG = LoggerFactory.getLogger(RetryDecision.class);

    private final RetryConfig config;
    private final Scheduler scheduler;
    private final DoubleSupplier random;
    private final RetryBudget budget;
    private final String name;

    /** A decision maker with its own retry budget. */
    public RetryDecision(RetryConfig config, Scheduler scheduler, DoubleSupplier random, String name) {
        this.config = config;
        this.scheduler = scheduler;
        this.random = random;
        this.name = name;
        this.budget = new RetryBudget(config.budgetRatio(), config.budgetMinRetries(), config.budgetWindow());
    }

    /** Records a first attempt, made at {@code nowNanos}, in the budget. */
    public void onCall(long nowNanos) {
        budget.onCall(nowNanos);
    }

    /** The wait before attempt {@code attempt + 1}, or empty to give up. */
    public Optional<Duration> next(LlmException e, int attempt, long startNanos, Optional<Instant> deadline) {
        if (!e.isRetryable() || attempt >= config.maxAttempts()) {
            return Optional.empty();
        }
        double cap = Math.min(config.maxBackoff().toNanos(),
                config.initialBackoff().toNanos() * Math.pow(config.multiplier(), attempt - 1));
        Duration wait = Duration.ofNanos((long) (random.getAsDouble() * cap));
        if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(wait) > 0) {
            wait = e.retryAfter().get();
        }
        long now = scheduler.nanoTime();
        Duration elapsed = Duration.ofNanos(now - startNanos);
        if (elapsed.plus(wait).compareTo(config.maxTotalTime()) > 0) {
            LOG.debug("{}: not retrying, the wait of {} would pass maxTotalTime", name, wait);
            return Optional.empty();
        }
        if (deadline.isPresent() && !scheduler.now().plus(wait).isBefore(deadline.get())) {
            LOG.debug("{}: not retrying, the wait of {} would pass the request deadline", name, wait);
            return Optional.empty();
        }
        if (!budget.tryRetry(now)) {
            LOG.warn("{}: retry budget spent; failing without retry: {}", name, e.getMessage());
            return Optional.empty();
        }
        return Optional.of(wait);
    }
}
