package dev.llmkit.resilience;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.ConnectionException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.resilience.internal.BreakerState;
import dev.llmkit.resilience.internal.RetryDecision;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * An {@link EmbeddingModel} with the same retry (backoff with full jitter, Retry-After, budget) and circuit breaker
 * semantics as the chat decorators: {@code Retry(CircuitBreaker(model))}. Embedding calls are idempotent, so every
 * retryable failure may be retried. Waits block the calling thread on the {@link Scheduler}.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = ResilientEmbeddingModel.wrap(remoteEmbeddings);
 * }</pre>
 */
public final class ResilientEmbeddingModel implements EmbeddingModel {
    private final EmbeddingModel delegate;
    private final Scheduler scheduler;
    private final RetryDecision retry;
    private final BreakerState breaker;
    private final CircuitBreakerConfig breakerConfig;

    private ResilientEmbeddingModel(EmbeddingModel delegate, RetryConfig retry, CircuitBreakerConfig breaker,
            Scheduler scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.retry = new RetryDecision(retry, scheduler, () -> ThreadLocalRandom.current().nextDouble(), "embeddings-retry");
        this.breakerConfig = breaker;
        this.breaker = new BreakerState(breaker, scheduler, (from, to) -> { });
    }

    /** Wraps {@code delegate} with the default retry and breaker policies. */
    public static ResilientEmbeddingModel wrap(EmbeddingModel delegate) {
        return wrap(delegate, RetryConfig.DEFAULTS, CircuitBreakerConfig.DEFAULTS, Scheduler.system());
    }

    /** Wraps {@code delegate} with the given policies and time source. */
    public static ResilientEmbeddingModel wrap(EmbeddingModel delegate, RetryConfig retry, CircuitBreakerConfig breaker,
            Scheduler scheduler) {
        return new ResilientEmbeddingModel(delegate, retry, breaker, scheduler);
    }

    /** The breaker's state. */
    public CircuitState circuitState() {
        return breaker.state();
    }

    private <T> T call(Supplier<T> work) {
        long start = scheduler.nanoTime();
        retry.onCall(start);
        for (int attempt = 1;; attempt++) {
            long permit = breaker.tryAcquire();
            if (permit == BreakerState.REFUSED) {
                Duration open = breaker.remainingOpen();
                throw new CircuitOpenException("The embedding model " + delegate.info().model() + " failed repeatedly;"
                        + " its circuit breaker refuses calls for another " + open.toMillis() + " ms.",
                        "embeddings", null, ErrorInfo.builder().retryAfter(open).build());
            }
            long t = scheduler.nanoTime();
            T result;
            try {
                result = work.get();
            } catch (LlmException e) {
                breaker.record(permit, breakerConfig.recordFailure().test(e), scheduler.nanoTime() - t);
                Optional<Duration> wait = retry.next(e, attempt, start, Optional.empty());
                if (wait.isEmpty()) {
                    throw e;
                }
                try {
                    scheduler.sleep(wait.get());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionException("Interrupted while waiting to retry: " + e.getMessage(), ie, e.info());
                }
                continue;
            } catch (Throwable other) {
                // a bug below (not a provider failure): still give the permit back, as a failure, and pass it on
                breaker.record(permit, true, scheduler.nanoTime() - t);
                throw other;
            }
            breaker.record(permit, false, scheduler.nanoTime() - t);
            return result;
        }
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return call(() -> delegate.embedAll(texts));
    }

    @Override
    public float[] embedQuery(String query) {
        return call(() -> delegate.embedQuery(query));
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "Resilient(" + delegate + ")";
    }
}
