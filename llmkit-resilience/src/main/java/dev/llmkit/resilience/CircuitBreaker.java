package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.resilience.internal.BreakerState;
import dev.llmkit.resilience.internal.ForwardingHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker: closed while the failure rate (and slow-call rate) of the last calls stays under its thresholds;
 * open — refusing calls at once with {@link CircuitOpenException} — for {@code waitInOpen}; then half-open, letting a
 * few probes through that close it again if all succeed. Which errors count is configurable; by default only
 * retryable provider failures do, so a 400 (the caller's fault) never trips it. State changes go to the listener as
 * {@link CircuitStateEvent}s and are logged at WARN when opening.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.of("openai", provider);
 * }</pre>
 */
public final class CircuitBreaker implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private final ChatModel delegate;
    private final String name;
    private final CircuitBreakerConfig config;
    private final Scheduler scheduler;
    private final BreakerState state;

    private CircuitBreaker(ChatModel delegate, String name, CircuitBreakerConfig config, Scheduler scheduler,
            ChatModelListener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        ChatModelListener safe = ChatModelListener.safe(listener);
        this.state = new BreakerState(config, scheduler, (from, to) -> {
            if (to == CircuitState.OPEN) {
                LOG.warn("Circuit breaker '{}' opened; calls are refused for {}", name, config.waitInOpen());
            } else {
                LOG.info("Circuit breaker '{}' moved from {} to {}", name, from, to);
            }
            safe.onCircuitStateChange(new CircuitStateEvent(name, from, to, scheduler.now()));
        });
    }

    /** A breaker with {@link CircuitBreakerConfig#DEFAULTS}. */
    public static CircuitBreaker of(String name, ChatModel delegate) {
        return builder(name, delegate).build();
    }

    /** Starts a builder. */
    public static Builder builder(String name, ChatModel delegate) {
        return new Builder(name, delegate);
    }

    /** The current state. */
    public CircuitState state() {
        return state.state();
    }

    private void acquire() {
        Optional<Duration> wait = state.tryAcquire();
        if (wait.isPresent()) {
            throw new CircuitOpenException("Circuit breaker '" + name + "' is open after repeated failures of "
                    + delegate.info().model() + "; calls are refused for another " + wait.get().toMillis()
                    + " ms. Fall back to another model or retry later.", name, null,
                    ErrorInfo.builder().retryAfter(wait.get()).build());
        }
    }

    private void record(LlmException e, long start) {
        state.record(config.recordFailure().test(e), Duration.ofNanos(scheduler.nanoTime() - start));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        acquire();
        long start = scheduler.nanoTime();
        try {
            ChatResponse r = delegate.chat(request);
            state.record(false, Duration.ofNanos(scheduler.nanoTime() - start));
            return r;
        } catch (LlmException e) {
            record(e, start);
            throw e;
        } catch (RuntimeException e) {
            state.record(true, Duration.ofNanos(scheduler.nanoTime() - start));
            throw e;
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        acquire();
        long start = scheduler.nanoTime();
        AtomicBoolean recorded = new AtomicBoolean();
        StreamHandle h;
        try {
            h = delegate.stream(request, new ForwardingHandler(handler) {
                @Override
                public void onComplete(ChatResponse response) {
                    if (recorded.compareAndSet(false, true)) {
                        state.record(false, Duration.ofNanos(scheduler.nanoTime() - start));
                    }
                    super.onComplete(response);
                }

                @Override
                public void onError(LlmException error) {
                    if (recorded.compareAndSet(false, true)) {
                        record(error, start);
                    }
                    super.onError(error);
                }
            });
        } catch (LlmException e) {
            if (recorded.compareAndSet(false, true)) {
                record(e, start);
            }
            throw e;
        }
        return new StreamHandle() {
            @Override
            public void cancel() {
                // a cancelled call says nothing about the model's health: give the permission back
                if (recorded.compareAndSet(false, true)) {
                    state.release();
                }
                h.cancel();
            }

            @Override
            public boolean isCancelled() {
                return h.isCancelled();
            }
        };
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + "](" + delegate + ")";
    }

    /** Builds a {@link CircuitBreaker}. */
    public static final class Builder {
        private final String name;
        private final ChatModel delegate;
        private CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULTS;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;

        private Builder(String name, ChatModel delegate) {
            this.name = Objects.requireNonNull(name, "name");
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** The policy; default {@link CircuitBreakerConfig#DEFAULTS}. */
        public Builder config(CircuitBreakerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Time source; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives state changes. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the breaker. */
        public CircuitBreaker build() {
            return new CircuitBreaker(delegate, name, config, scheduler, listener);
        }
    }
}
