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
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.store.CircuitStateStore;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.BreakerState;
import dev.llmkit.resilience.internal.ForwardingHandler;
import dev.llmkit.resilience.internal.Streams;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker: closed while the failure rate (and slow-call rate) of the last calls stays under its thresholds;
 * open — refusing calls at once with {@link CircuitOpenException} — for {@code waitInOpen}; then half-open, letting a
 * few probes through that close it again if all succeed. Which errors count is configurable; by default only
 * retryable provider failures do, so a 400 (the caller's fault) never trips it. State changes go to the listener as
 * {@link CircuitStateEvent}s and are logged at WARN when opening. Any throwable from the model gives the call's
 * permit back with an outcome (a non-{@code LlmException} counts as a failure), and an outcome counts only in the
 * state its call was admitted in: a slow call admitted while closed is never taken for a half-open probe. A refused
 * stream gets its {@link CircuitOpenException} through {@code onError}; {@code stream} never throws. Every refusal is
 * reported once to the listener as a {@link RejectedEvent} ({@code CIRCUIT_OPEN}).
 *
 * <p>By default the state is this breaker's own, in memory; with {@link Builder#store} it lives in a
 * {@link CircuitStateStore} under a key, and several breakers (with a shared store, a fleet) share one state.
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
    private final ChatModelListener listener;

    private CircuitBreaker(ChatModel delegate, String name, CircuitBreakerConfig config, Scheduler scheduler,
            ChatModelListener listener, @Nullable CircuitStateStore store, String key) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        ChatModelListener safe = ChatModelListener.safe(listener);
        this.listener = safe;
        this.state = new BreakerState(config, scheduler, (from, to) -> {
            if (to == CircuitState.OPEN) {
                LOG.warn("Circuit breaker '{}' opened; calls are refused for {}", name, config.waitInOpen());
            } else {
                LOG.info("Circuit breaker '{}' moved from {} to {}", name, from, to);
            }
            safe.onCircuitStateChange(CircuitStateEvent.builder().breaker(name).from(from).to(to).at(scheduler.now()).build());
        }, store, key);
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

    /** The refusal of {@code request}, reported to the listener once; the caller throws or delivers it once. */
    private CircuitOpenException reject(ChatRequest request) {
        CircuitOpenException e = refusal();
        listener.onRejected(RejectedEvent.builder().request(request).component(name)
                .reason(RejectedEvent.Reason.CIRCUIT_OPEN).error(e).build());
        return e;
    }

    private CircuitOpenException refusal() {
        Duration wait = state.remainingOpen();
        return new CircuitOpenException("Circuit breaker '" + name + "' is open after repeated failures of "
                + delegate.info().model() + "; calls are refused for another " + wait.toMillis()
                + " ms. Fall back to another model or retry later.", name, null,
                ErrorInfo.builder().retryAfter(wait).build());
    }

    private boolean counts(Throwable t) {
        // an exception that is not an LlmException is a bug somewhere below: it counts as a failure
        return !(t instanceof LlmException e) || config.recordFailure().test(e);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        long permit = state.tryAcquire();
        if (permit == BreakerState.REFUSED) {
            throw reject(request);
        }
        long start = scheduler.nanoTime();
        ChatResponse r;
        try {
            r = delegate.chat(request);
        } catch (Throwable t) {
            // every throwable gives the permit back with an outcome, so a half-open breaker never waits forever
            state.record(permit, counts(t), scheduler.nanoTime() - start);
            throw t;
        }
        state.record(permit, false, scheduler.nanoTime() - start);
        return r;
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        long permit = state.tryAcquire();
        if (permit == BreakerState.REFUSED) {
            if (Streams.announce(handler, StreamHandle.ended())) {
                handler.onError(reject(request));
            }
            return StreamHandle.ended();
        }
        long start = scheduler.nanoTime();
        AtomicBoolean settled = new AtomicBoolean();
        AttemptHandle handle = new AttemptHandle();
        int id = handle.begin();
        // a cancelled call says nothing about the model's health: give the permission back
        handle.onCancel(() -> {
            if (settled.compareAndSet(false, true)) {
                state.release(permit);
            }
        });
        if (!Streams.announce(handler, handle)) {
            handle.cancel();
            return handle;
        }
        StreamHandler recording = new ForwardingHandler(handler, handle) {
            // one terminal only, even from a delegate that reports and then throws
            @Override
            public void onComplete(ChatResponse response) {
                if (settled.compareAndSet(false, true)) {
                    state.record(permit, false, scheduler.nanoTime() - start);
                    super.onComplete(response);
                }
            }

            @Override
            public void onError(LlmException error) {
                if (settled.compareAndSet(false, true)) {
                    state.record(permit, counts(error), scheduler.nanoTime() - start);
                    super.onError(error);
                }
            }
        };
        try {
            handle.set(id, delegate.stream(request, recording));
        } catch (LlmException e) {
            recording.onError(e);
        } catch (RuntimeException e) {
            // a bug below, not a provider failure: it still counts against the model, and gives the permit back
            if (settled.compareAndSet(false, true)) {
                state.record(permit, true, scheduler.nanoTime() - start);
                handler.onError(Streams.asLlm(e, delegate));
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
        return "CircuitBreaker[" + name + "](" + delegate + ")";
    }

    /** Builds a {@link CircuitBreaker}. */
    public static final class Builder {
        private final String name;
        private final ChatModel delegate;
        private CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULTS;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;
        private @Nullable CircuitStateStore store;
        private @Nullable String key;

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

        /** Receives state changes and refusals. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Keeps the breaker's state under {@code key} in {@code store}, so that every breaker on the same store and key
         * — in this JVM or, with a shared store, across a fleet — opens and closes as one (an
         * {@link dev.llmkit.api.store.InMemoryCircuitStateStore} shares it within one JVM). Default: state of this
         * breaker's own, in memory. The breaker still admits calls while closed from its own view (one volatile
         * read); it sees a transition made elsewhere when it next records an outcome. Breakers sharing a key should
         * share a configuration.
         */
        public Builder store(CircuitStateStore store, String key) {
            this.store = Objects.requireNonNull(store, "store");
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Builds the breaker. */
        public CircuitBreaker build() {
            // without a store the state is this breaker's own, in memory, and skips the copies a store makes
            return new CircuitBreaker(delegate, name, config, scheduler, listener, store, key != null ? key : name);
        }
    }
}
