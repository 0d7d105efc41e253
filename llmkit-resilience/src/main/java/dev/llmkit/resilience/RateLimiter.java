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
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.WaitEvent;
import dev.llmkit.api.store.Acquisition;
import dev.llmkit.api.store.InMemoryRateLimitStore;
import dev.llmkit.api.store.RateLimitStore;
import dev.llmkit.api.store.TokenBucket;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.ForwardingHandler;
import dev.llmkit.resilience.internal.Streams;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client-side rate limiter with two token buckets, requests per minute and tokens per minute, refilled continuously.
 * Before a call it takes one request and the call's estimated tokens (prompt by the {@link TokenCounter}, plus
 * {@code maxOutputTokens} or {@value #DEFAULT_OUTPUT_ESTIMATE}); after the call it corrects the estimate with the
 * reported usage. A call that would have to wait longer than {@code maxWait} is refused with
 * {@link RequestRateLimitedException}, whose {@code retryAfter()} says when capacity returns; shorter waits happen on
 * the {@link Scheduler} (blocking the caller for sync calls, one scheduled start for streams). The wait is further
 * bounded by the request's deadline. Tokens reserved for a call that fails or is cancelled are given back (its request
 * still counts: it reached, or might have reached, the provider). The buckets live in a {@link RateLimitStore}: by
 * default one of this limiter's own in memory, or a shared one ({@link Builder#store}) so a fleet keeps one limit.
 * Every refusal is reported once to the listener as a {@link RejectedEvent} ({@code RATE_LIMITED}). Thread-safe.
 *
 * <pre>{@code
 * ChatModel model = RateLimiter.of(provider, 500, 200_000, Duration.ofSeconds(2));   // 500 RPM, 200k TPM
 * }</pre>
 */
public final class RateLimiter implements ChatModel {
    /** Output tokens assumed when a request sets no maximum. */
    public static final int DEFAULT_OUTPUT_ESTIMATE = 256;
    /** The longest a call waits for capacity unless the builder says otherwise. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);
    /** The store key of a limiter whose builder set none. */
    public static final String DEFAULT_KEY = "rate-limiter";

    private final ChatModel delegate;
    private final Scheduler scheduler;
    private final TokenCounter counter;
    private final Duration maxWait;
    private final double rpm;
    private final double tpm;
    private final RateLimitStore store;
    private final String key;
    private final List<TokenBucket> buckets;
    private final ChatModelListener listener;

    private RateLimiter(Builder b) {
        if (b.rpm < 1 || b.tpm < 1) {
            throw new IllegalArgumentException("requests and tokens per minute must be positive, got " + b.rpm + ", "
                    + b.tpm);
        }
        this.delegate = b.delegate;
        this.rpm = b.rpm;
        this.tpm = b.tpm;
        this.maxWait = b.maxWait;
        this.scheduler = b.scheduler;
        this.counter = b.counter;
        this.store = b.store != null ? b.store : new InMemoryRateLimitStore(b.scheduler);
        this.key = b.key;
        this.buckets = List.of(TokenBucket.perMinute(rpm), TokenBucket.perMinute(tpm));
        this.listener = ChatModelListener.safe(b.listener);
    }

    /** A limiter with the system scheduler and the token estimator. */
    public static RateLimiter of(ChatModel delegate, int requestsPerMinute, int tokensPerMinute, Duration maxWait) {
        return builder(delegate, requestsPerMinute, tokensPerMinute).maxWait(maxWait).build();
    }

    /** A limiter on a given scheduler and token counter. */
    public static RateLimiter of(ChatModel delegate, int requestsPerMinute, int tokensPerMinute, Duration maxWait,
            Scheduler scheduler, TokenCounter counter) {
        return builder(delegate, requestsPerMinute, tokensPerMinute).maxWait(maxWait).scheduler(scheduler)
                .tokenCounter(counter).build();
    }

    /**
     * Starts a builder for a limiter of {@code requestsPerMinute} and {@code tokensPerMinute}.
     *
     * <pre>{@code
     * RateLimiter limiter = RateLimiter.builder(provider, 500, 200_000)
     *         .maxWait(Duration.ofSeconds(2))
     *         .store(redisLimits, "openai:gpt-4o")     // shared by every instance of the service
     *         .build();
     * }</pre>
     */
    public static Builder builder(ChatModel delegate, int requestsPerMinute, int tokensPerMinute) {
        return new Builder(delegate, requestsPerMinute, tokensPerMinute);
    }

    private int estimate(ChatRequest request) {
        return counter.countMessages(request.messages()) + request.maxOutputTokens().orElse(DEFAULT_OUTPUT_ESTIMATE);
    }

    /**
     * Reserves capacity and returns how long the caller must wait before calling (at most {@code maxWaitNanos}); a
     * refusal is reported to the listener once and thrown.
     */
    private Duration reserve(ChatRequest request, int estimate, long maxWaitNanos) {
        if (estimate > tpm) {
            throw reject(request, new RequestRateLimitedException("The request's estimated " + estimate
                    + " tokens exceed the limit of " + (long) tpm + " tokens per minute; shorten it or raise the limit.",
                    "rate-limiter"));
        }
        Acquisition a = store.tryAcquire(key, buckets, new double[] {1, estimate}, Duration.ofNanos(maxWaitNanos));
        if (!a.granted()) {
            Duration wait = a.waitTime();
            throw reject(request, new RequestRateLimitedException("Client-side rate limit reached (" + (long) rpm
                    + " requests and " + (long) tpm + " tokens per minute); capacity returns in " + wait.toMillis()
                    + " ms. Slow down or raise the limit.", "rate-limiter", null,
                    ErrorInfo.builder().retryAfter(wait).build()));
        }
        if (!a.waitTime().isZero()) {
            listener.onWait(WaitEvent.builder().request(request).component("rate-limiter").duration(a.waitTime()).build());
        }
        return a.waitTime();
    }

    private RequestRateLimitedException reject(ChatRequest request, RequestRateLimitedException e) {
        listener.onRejected(RejectedEvent.builder().request(request).component("rate-limiter")
                .reason(RejectedEvent.Reason.RATE_LIMITED).error(e).build());
        return e;
    }

    /** Gives back the tokens reserved for an attempt that failed or was cancelled (its request still counts). */
    private void refund(int estimate) {
        store.adjust(key, buckets, new double[] {0, estimate});
    }

    private void correct(int estimate, ChatResponse response) {
        long actual = response.usage().totalTokens();
        if (actual > 0) {
            store.adjust(key, buckets, new double[] {0, estimate - actual});
        }
    }

    /** Tokens available now (for monitoring). */
    public double availableTokens() {
        return store.available(key, buckets)[1];
    }

    private long maxWaitNanos(ChatRequest request) {
        return Math.min(maxWait.toNanos(), Streams.nanosLeft(request, scheduler));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        int estimate = estimate(request);
        Duration wait = reserve(request, estimate, maxWaitNanos(request));
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
            wait = reserve(request, estimate, maxWaitNanos(request));
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

    /** Builds a {@link RateLimiter}. */
    public static final class Builder {
        private final ChatModel delegate;
        private final int rpm;
        private final int tpm;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private Scheduler scheduler = Scheduler.system();
        private TokenCounter counter = TokenCounter.estimator();
        private @Nullable RateLimitStore store;
        private String key = DEFAULT_KEY;
        private ChatModelListener listener = ChatModelListener.NONE;

        private Builder(ChatModel delegate, int rpm, int tpm) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.rpm = rpm;
            this.tpm = tpm;
        }

        /** The longest a call waits for capacity before it is refused; default {@link #DEFAULT_MAX_WAIT}. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /** Time source and timer; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Counts prompt tokens for the estimate; default {@link TokenCounter#estimator()}. */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * Keeps the two buckets under {@code key} in {@code store}, so that every limiter on the same store and key
         * shares one limit (with a shared store, across a fleet). Default: buckets of this limiter's own, in memory,
         * refilled by the scheduler's clock. Limiters sharing a key must share their limits.
         */
        public Builder store(RateLimitStore store, String key) {
            this.store = Objects.requireNonNull(store, "store");
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Receives a rejection event for every refused call. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the limiter. */
        public RateLimiter build() {
            return new RateLimiter(this);
        }
    }
}
