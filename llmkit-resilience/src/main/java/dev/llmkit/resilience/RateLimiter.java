package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RequestRateLimitedException;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.ForwardingHandler;
import dev.llmkit.resilience.internal.Streams;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.Objects;

/**
 * A client-side rate limiter with two token buckets, requests per minute and tokens per minute, refilled continuously.
 * Before a call it takes one request and the call's estimated tokens (prompt by the {@link TokenCounter}, plus
 * {@code maxOutputTokens} or {@value #DEFAULT_OUTPUT_ESTIMATE}); after the call it corrects the estimate with the
 * reported usage. A call that would have to wait longer than {@code maxWait} is refused with
 * {@link RequestRateLimitedException}, whose {@code retryAfter()} says when capacity returns; shorter waits happen on
 * the {@link Scheduler} (blocking the caller for sync calls, one scheduled start for streams). The wait is further
 * bounded by the request's deadline. Tokens reserved for a call that fails or is cancelled are given back (its request
 * still counts: it reached, or might have reached, the provider). Thread-safe.
 *
 * <pre>{@code
 * ChatModel model = RateLimiter.of(provider, 500, 200_000, Duration.ofSeconds(2));   // 500 RPM, 200k TPM
 * }</pre>
 */
public final class RateLimiter implements ChatModel {
    /** Output tokens assumed when a request sets no maximum. */
    public static final int DEFAULT_OUTPUT_ESTIMATE = 256;

    private final ChatModel delegate;
    private final Scheduler scheduler;
    private final TokenCounter counter;
    private final Duration maxWait;
    private final double rpm;
    private final double tpm;
    private double requests;
    private double tokens;
    private long last;

    private RateLimiter(ChatModel delegate, int rpm, int tpm, Duration maxWait, Scheduler scheduler, TokenCounter counter) {
        if (rpm < 1 || tpm < 1) {
            throw new IllegalArgumentException("requests and tokens per minute must be positive, got " + rpm + ", " + tpm);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.rpm = rpm;
        this.tpm = tpm;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.requests = rpm;
        this.tokens = tpm;
        this.last = scheduler.nanoTime();
    }

    /** A limiter with the system scheduler and the token estimator. */
    public static RateLimiter of(ChatModel delegate, int requestsPerMinute, int tokensPerMinute, Duration maxWait) {
        return new RateLimiter(delegate, requestsPerMinute, tokensPerMinute, maxWait, Scheduler.system(),
                TokenCounter.estimator());
    }

    /** A limiter on a given scheduler and token counter. */
    public static RateLimiter of(ChatModel delegate, int requestsPerMinute, int tokensPerMinute, Duration maxWait,
            Scheduler scheduler, TokenCounter counter) {
        return new RateLimiter(delegate, requestsPerMinute, tokensPerMinute, maxWait, scheduler, counter);
    }

    private int estimate(ChatRequest request) {
        return counter.countMessages(request.messages()) + request.maxOutputTokens().orElse(DEFAULT_OUTPUT_ESTIMATE);
    }

    private void refill() {
        long now = scheduler.nanoTime();
        double minutes = (now - last) / 60e9;
        last = now;
        requests = Math.min(rpm, requests + minutes * rpm);
        tokens = Math.min(tpm, tokens + minutes * tpm);
    }

    /** Reserves capacity and returns how long the caller must wait before calling (at most {@code maxWaitNanos}). */
    private synchronized Duration reserve(int estimate, long maxWaitNanos) {
        refill();
        if (estimate > tpm) {
            throw new RequestRateLimitedException("The request's estimated " + estimate + " tokens exceed the limit of "
                    + (long) tpm + " tokens per minute; shorten it or raise the limit.", "rate-limiter");
        }
        double needRequests = Math.max(0, 1 - requests);
        double needTokens = Math.max(0, estimate - tokens);
        Duration wait = Duration.ofNanos((long) Math.max(needRequests / rpm * 60e9, needTokens / tpm * 60e9));
        if (wait.toNanos() > maxWaitNanos) {
            throw new RequestRateLimitedException("Client-side rate limit reached (" + (long) rpm + " requests and "
                    + (long) tpm + " tokens per minute); capacity returns in " + wait.toMillis() + " ms. Slow down or"
                    + " raise the limit.", "rate-limiter", null, ErrorInfo.builder().retryAfter(wait).build());
        }
        requests -= 1;
        tokens -= estimate;
        return wait;
    }

    /** Gives back the tokens reserved for an attempt that failed or was cancelled (its request still counts). */
    private synchronized void refund(int estimate) {
        refill();
        tokens = Math.min(tpm, tokens + estimate);
    }

    private synchronized void correct(int estimate, ChatResponse response) {
        long actual = response.usage().totalTokens();
        if (actual > 0) {
            tokens = Math.min(tpm, tokens + estimate - actual);
        }
    }

    /** Tokens available now (for monitoring). */
    public synchronized double availableTokens() {
        refill();
        return tokens;
    }

    private long maxWaitNanos(ChatRequest request) {
        return Math.min(maxWait.toNanos(), Streams.nanosLeft(request, scheduler));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        int estimate = estimate(request);
        Duration wait = reserve(estimate, maxWaitNanos(request));
        ChatResponse r;
        try {
            if (!wait.isZero()) {
                try {
                    scheduler.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RequestRateLimitedException("Interrupted while waiting for rate-limit capacity",
                            "rate-limiter");
                }
            }
            r = delegate.chat(request);
        } catch (RuntimeException e) {
            refund(estimate);
            throw e;
        }
        correct(estimate, r);
        return r;
    }

    /**
     * Starts at once or, when capacity returns within {@code maxWait}, after one scheduled wait (cancelled with the
     * handle); never blocks and never throws: a refusal reaches {@code onError}.
     */
    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        AttemptHandle handle = new AttemptHandle();
        int id = handle.begin();
        if (!Streams.announce(handler, handle)) {
            return handle;
        }
        int estimate;
        Duration wait;
        try {
            estimate = estimate(request);
            wait = reserve(estimate, maxWaitNanos(request));
        } catch (RuntimeException e) {
            handler.onError(Streams.asLlm(e, this));
            return handle;
        }
        AtomicBoolean settled = new AtomicBoolean();
        handle.onCancel(() -> {
            if (settled.compareAndSet(false, true)) {
                refund(estimate);
            }
        });
        StreamHandler correcting = new ForwardingHandler(handler, handle) {
            // one terminal only, even from a delegate that reports and then throws
            @Override
            public void onComplete(ChatResponse response) {
                if (settled.compareAndSet(false, true)) {
                    correct(estimate, response);
                    super.onComplete(response);
                }
            }

            @Override
            public void onError(LlmException error) {
                if (settled.compareAndSet(false, true)) {
                    refund(estimate);
                    super.onError(error);
                }
            }
        };
        if (wait.isZero()) {
            handle.set(id, Streams.start(delegate, request, correcting));
        } else {
            Scheduler.Cancellable timer = Streams.trySchedule(scheduler, wait, () -> {
                if (!handle.isCancelled()) {
                    handle.set(id, Streams.start(delegate, request, correcting));
                }
            });
            if (timer == null) {
                correcting.onError(Streams.schedulerRejected("the rate limiter"));
            } else {
                handle.timer(timer);
            }
        }
        return handle;
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "RateLimiter[" + (long) rpm + " rpm, " + (long) tpm + " tpm](" + delegate + ")";
    }
}
