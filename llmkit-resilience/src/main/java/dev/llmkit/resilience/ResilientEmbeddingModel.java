package dev.llmkit.resilience;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EmbeddingModel} with the same retry (backoff with full jitter, Retry-After, budget) and circuit breaker
 * semantics as the chat decorators: {@code Retry(CircuitBreaker(model))}. Embedding calls are idempotent, so every
 * retryable failure may be retried. Waits block the calling thread on the {@link Scheduler}.
 *
 * <p>A list longer than the delegate's {@link EmbeddingModel#maxBatchSize()} is split into batches of that size, sent
 * one after the other, each retried on its own, so a failure in one batch never re-sends (and re-bills) the batches
 * that succeeded; the retry budget and attempts apply per batch. {@link #embedBatch(List)} keeps the delegate's token
 * usage (summed over batches; only the successful attempts, which are what this returns).
 * {@link #embedBatchAsync(List)} calls the delegate's async form and waits between attempts on the scheduler's
 * timer, blocking no thread; cancelling its future cancels the attempt in flight (or the pending retry) and starts no
 * further one.
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
        return embedBatch(texts).vectors();
    }

    @Override
    public Embeddings embedBatch(List<String> texts) {
        int max = Math.max(1, delegate.maxBatchSize());
        if (texts.size() <= max) {
            return call(() -> delegate.embedBatch(texts));
        }
        List<Embeddings> parts = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += max) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + max));
            parts.add(call(() -> delegate.embedBatch(batch)));
        }
        return join(parts);
    }

    /** The batches' vectors in order, their tokens summed; usage is known only when every batch reported it. */
    private Embeddings join(List<Embeddings> parts) {
        List<float[]> vectors = new ArrayList<>();
        long tokens = 0;
        boolean known = true;
        for (Embeddings part : parts) {
            vectors.addAll(part.vectors());
            tokens += part.inputTokens();
            known &= part.usageKnown();
        }
        String model = parts.isEmpty() ? delegate.info().model() : parts.get(0).model();
        return known ? Embeddings.of(vectors, model, tokens) : Embeddings.of(vectors, model);
    }

    @Override
    public CompletableFuture<Embeddings> embedBatchAsync(List<String> texts) {
        AsyncCall call = new AsyncCall(List.copyOf(texts), Math.max(1, delegate.maxBatchSize()));
        call.nextBatch();
        return call.future;
    }

    @Override
    public int maxBatchSize() {
        return delegate.maxBatchSize();
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

    /**
     * One {@link #embedBatchAsync} call: its batches one after the other, each attempt through the breaker, retries
     * scheduled on the timer; ended exactly once.
     */
    private final class AsyncCall {
        private final List<String> texts;
        private final int max;
        private final List<Embeddings> parts = new ArrayList<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Object lock = new Object();
        private @Nullable CompletableFuture<Embeddings> attempt;
        private Scheduler.@Nullable Cancellable timer;
        private int from;
        private long batchStart;
        final CompletableFuture<Embeddings> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                if (!ended.compareAndSet(false, true)) {
                    return false;
                }
                CompletableFuture<Embeddings> a;
                Scheduler.Cancellable t;
                synchronized (lock) {
                    a = attempt;
                    t = timer;
                }
                if (t != null) {
                    t.cancel();
                }
                if (a != null) {
                    a.cancel(mayInterruptIfRunning);
                }
                return super.cancel(mayInterruptIfRunning);
            }
        };

        AsyncCall(List<String> texts, int max) {
            this.texts = texts;
            this.max = max;
        }

        /** Starts the batch at {@code from} (an empty call sends its one empty batch, as the sync form does). */
        void nextBatch() {
            batchStart = scheduler.nanoTime();
            retry.onCall(batchStart);
            attempt(1);
        }

        private List<String> batch() {
            return texts.subList(from, Math.min(texts.size(), from + max));
        }

        private void attempt(int n) {
            if (ended.get()) {
                return;
            }
            long permit = breaker.tryAcquire();
            if (permit == BreakerState.REFUSED) {
                Duration open = breaker.remainingOpen();
                fail(new CircuitOpenException("The embedding model " + delegate.info().model() + " failed repeatedly;"
                        + " its circuit breaker refuses calls for another " + open.toMillis() + " ms.",
                        "embeddings", null, ErrorInfo.builder().retryAfter(open).build()));
                return;
            }
            long t = scheduler.nanoTime();
            CompletableFuture<Embeddings> a;
            try {
                a = delegate.embedBatchAsync(batch());
            } catch (RuntimeException e) {
                a = CompletableFuture.failedFuture(e);
            }
            synchronized (lock) {
                attempt = a;
            }
            if (ended.get()) {
                a.cancel(true); // cancelled while this attempt was being started
                breaker.release(permit);
                return;
            }
            a.whenComplete((result, error) -> {
                if (ended.get()) {
                    breaker.release(permit); // cancelled: no outcome to record
                    return;
                }
                if (error == null) {
                    breaker.record(permit, false, scheduler.nanoTime() - t);
                    done(result);
                    return;
                }
                Throwable cause = unwrap(error);
                if (!(cause instanceof LlmException e)) {
                    breaker.record(permit, true, scheduler.nanoTime() - t);
                    fail(cause);
                    return;
                }
                breaker.record(permit, breakerConfig.recordFailure().test(e), scheduler.nanoTime() - t);
                Optional<Duration> wait;
                try {
                    wait = retry.next(e, n, batchStart, Optional.empty());
                } catch (RuntimeException bug) {
                    fail(bug);
                    return;
                }
                if (wait.isEmpty()) {
                    fail(e);
                    return;
                }
                Scheduler.Cancellable scheduled = scheduler.schedule(wait.get(), () -> attempt(n + 1));
                synchronized (lock) {
                    timer = scheduled;
                }
                if (ended.get()) {
                    scheduled.cancel();
                }
            });
        }

        private void done(Embeddings result) {
            parts.add(result);
            from += batch().size();
            if (from >= texts.size()) {
                finish();
            } else {
                nextBatch();
            }
        }

        private void finish() {
            Embeddings result;
            try {
                result = join(parts);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (ended.compareAndSet(false, true)) {
                future.complete(result);
            }
        }

        private void fail(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                future.completeExceptionally(error);
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
