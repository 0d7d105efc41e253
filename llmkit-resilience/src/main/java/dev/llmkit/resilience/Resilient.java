package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.store.CircuitStateStore;
import dev.llmkit.api.store.RateLimitStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stacks the resilience decorators in the right order. The resulting onion, outermost first:
 *
 * <pre>
 * Fallback( Retry( CircuitBreaker( RateLimiter( Bulkhead( Timeouts( model ) ) ) ) ), alternatives... )
 * </pre>
 *
 * <ul>
 *   <li>Timeouts innermost, so each attempt has its own limits and a timed-out attempt counts as a failure.</li>
 *   <li>Bulkhead and the optional client-side rate limiter inside the breaker, so their refusals (local decisions,
 *       {@link dev.llmkit.api.error.RejectedException}s) never trip it and are not retried.</li>
 *   <li>CircuitBreaker inside Retry, so every attempt is recorded, and an open breaker's refusal (not retryable)
 *       stops the retries at once instead of burning them.</li>
 *   <li>Fallback outermost, so an alternative is tried only once the primary's retries are spent or its breaker is
 *       open.</li>
 * </ul>
 *
 * Defaults: {@link RetryConfig#DEFAULTS} (3 attempts, 500 ms to 30 s full-jitter backoff, 60 s total, 10 % retry
 * budget), {@link CircuitBreakerConfig#DEFAULTS} (50 % failures of the last 20 calls, at least 10, 30 s open, 3
 * probes), bulkhead of {@value Bulkhead#DEFAULT_MAX_CONCURRENT} with no wait, timeouts of 30 s first token, 30 s idle,
 * 5 min total, no fallback.
 *
 * <pre>{@code
 * ChatModel model = Resilient.wrap(provider);
 * ChatModel tuned = Resilient.builder()
 *         .retry(RetryConfig.attempts(4))
 *         .fallback(smallerModel, Fallback.staticAnswer("Busy; please retry."))
 *         .build(provider);
 * }</pre>
 */
public final class Resilient {
    private Resilient() {}

    /** {@code model} with every default layer. */
    public static ChatModel wrap(ChatModel model) {
        return builder().build(model);
    }

    /** Starts a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures the stack. Layers can be switched off with {@code null}. */
    public static final class Builder {
        private @Nullable RetryConfig retry = RetryConfig.DEFAULTS;
        private @Nullable CircuitBreakerConfig breaker = CircuitBreakerConfig.DEFAULTS;
        private @Nullable RateLimitStore rateLimitStore;
        private @Nullable CircuitStateStore circuitStore;
        private int maxConcurrent = Bulkhead.DEFAULT_MAX_CONCURRENT;
        private Duration maxWait = Bulkhead.DEFAULT_MAX_WAIT;
        private Duration firstToken = Timeouts.DEFAULT_FIRST_TOKEN;
        private Duration idle = Timeouts.DEFAULT_IDLE;
        private Duration total = Timeouts.DEFAULT_TOTAL;
        private final List<ChatModel> fallbacks = new ArrayList<>();
        private int rpm;
        private int tpm;
        private Duration rateWait = Duration.ZERO;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;
        private String name = "llm";

        private Builder() {}

        /** The retry policy, or null for no retries. */
        public Builder retry(@Nullable RetryConfig retry) {
            this.retry = retry;
            return this;
        }

        /** The breaker policy, or null for no breaker. */
        public Builder circuitBreaker(@Nullable CircuitBreakerConfig breaker) {
            this.breaker = breaker;
            return this;
        }

        /** Bulkhead size and wait. */
        public Builder bulkhead(int maxConcurrent, Duration maxWait) {
            this.maxConcurrent = maxConcurrent;
            this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /** Time limits; zero disables one. */
        public Builder timeouts(Duration firstToken, Duration idle, Duration total) {
            this.firstToken = Objects.requireNonNull(firstToken, "firstToken");
            this.idle = Objects.requireNonNull(idle, "idle");
            this.total = Objects.requireNonNull(total, "total");
            return this;
        }

        /** Adds a client-side rate limiter of {@code rpm} requests and {@code tpm} tokens per minute. */
        public Builder rateLimit(int rpm, int tpm, Duration maxWait) {
            if (rpm < 1 || tpm < 1) {
                throw new IllegalArgumentException("rpm and tpm must be positive");
            }
            this.rpm = rpm;
            this.tpm = tpm;
            this.rateWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /** Alternatives tried in order when the primary's stack fails. */
        public Builder fallback(ChatModel... alternatives) {
            fallbacks.addAll(List.of(alternatives));
            return this;
        }

        /** The time source for every layer. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives the events of every layer: retries, fallbacks, circuit changes, rejections and timeouts. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Keeps the rate limiter's buckets and the breaker's state in shared stores, under this stack's
         * {@linkplain #name name}, so every stack of that name on the same stores (with Redis-backed stores, across a
         * fleet) shares one limit and one breaker. Default: in-memory stores of this stack's own.
         */
        public Builder stores(RateLimitStore rateLimits, CircuitStateStore circuits) {
            this.rateLimitStore = Objects.requireNonNull(rateLimits, "rateLimits");
            this.circuitStore = Objects.requireNonNull(circuits, "circuits");
            return this;
        }

        /** The breaker's name; default {@code llm}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Wraps {@code model}. */
        public ChatModel build(ChatModel model) {
            ChatModel m = Timeouts.builder(model).firstToken(firstToken).idle(idle).total(total).scheduler(scheduler)
                    .listener(listener).build();
            m = Bulkhead.builder(m).maxConcurrent(maxConcurrent).maxWait(maxWait).scheduler(scheduler)
                    .listener(listener).build();
            if (rpm > 0) {
                RateLimiter.Builder limiter = RateLimiter.builder(m, rpm, tpm).maxWait(rateWait).scheduler(scheduler)
                        .listener(listener);
                m = (rateLimitStore != null ? limiter.store(rateLimitStore, name) : limiter).build();
            }
            if (breaker != null) {
                CircuitBreaker.Builder b = CircuitBreaker.builder(name, m).config(breaker).scheduler(scheduler)
                        .listener(listener);
                m = (circuitStore != null ? b.store(circuitStore, name) : b).build();
            }
            if (retry != null) {
                m = Retry.builder(m).config(retry).scheduler(scheduler).listener(listener).build();
            }
            if (!fallbacks.isEmpty()) {
                List<ChatModel> chain = new ArrayList<>();
                chain.add(m);
                chain.addAll(fallbacks);
                m = Fallback.of(chain, listener, Fallback.DEFAULT_FAIL_OVER);
            }
            return m;
        }
    }
}
