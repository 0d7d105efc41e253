package dev.llmkit.observability;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.Tool;
import dev.llmkit.observability.internal.Calls;
import dev.llmkit.observability.internal.Observers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the signals together. Give {@link #listener()} to every layer you build (providers, resilience, router, cache,
 * guardrails, retrievers, embedding models) and wrap the outermost model with {@link #observe}: the events of every
 * layer are then tied to one logical call by its call id, and each {@link CallObserver} gets the call's start, every
 * raw event and one {@link CallRecord} at its end.
 *
 * <pre>{@code
 * Observability obs = Observability.builder()
 *         .observer(OtelTracing.create(openTelemetry))
 *         .observer(MicrometerMetrics.create(registry))
 *         .observer(CallLog.create())
 *         .build();
 * ChatModel provider = OpenAiCompatibleChatModel.builder().listener(obs.listener())...build();
 * ChatModel model = obs.observe(Resilient.builder().listener(obs.listener()).build(provider));
 * List<Tool> tools = obs.tools(MethodTools.from(new WeatherTools()));
 * }</pre>
 *
 * The onion is {@code Observed(guardrails(cache(router(resilience(provider)))))}: observe outermost, so the call's
 * span and latency cover every retry, fallback and cache lookup. A layer observed twice is recorded once (the inner
 * one sees its call id already running and only passes through).
 *
 * <p>Thread-safe. An observer that throws is logged at WARN and never breaks a call. {@link #close()} closes the
 * observers that are {@link AutoCloseable} (the audit log).
 */
public final class Observability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

    private final List<CallObserver> observers;
    private final Observers all;
    private final Calls calls;
    private final Clock clock;

    private Observability(Builder b) {
        this.observers = List.copyOf(b.observers);
        this.all = new Observers(observers);
        this.calls = new Calls(all);
        this.clock = b.clock;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Observability with these observers and the system clock. */
    public static Observability of(CallObserver... observers) {
        Builder b = builder();
        for (CallObserver o : observers) {
            b.observer(o);
        }
        return b.build();
    }

    /**
     * The listener to give every layer: a {@link dev.llmkit.api.event.ChatModelListener},
     * {@link dev.llmkit.api.event.RetrievalListener} and {@link dev.llmkit.api.event.EmbeddingListener} in one.
     */
    public CallObserver listener() {
        return calls;
    }

    /**
     * {@code model} as one observed logical call per request: each call starts an operation on every observer, made
     * current on the calling thread while the delegate runs, and ends with exactly one {@link CallRecord} when the
     * call finishes, fails or is cancelled. Put it outermost.
     */
    public ChatModel observe(ChatModel model) {
        return new ObservedChatModel(Objects.requireNonNull(model, "model"), calls, all, clock);
    }

    /**
     * {@code tool} as an observed operation: each execution is current on its thread while it runs (so what the tool
     * calls nests under it) and ends with one {@link ToolRecord}. The tool's exceptions pass through unchanged.
     */
    public Tool tool(Tool tool) {
        return new ObservedTool(Objects.requireNonNull(tool, "tool"), all, clock);
    }

    /** Each of {@code tools} observed ({@link #tool}). */
    public List<Tool> tools(List<? extends Tool> tools) {
        List<Tool> out = new ArrayList<>(tools.size());
        tools.forEach(t -> out.add(tool(t)));
        return List.copyOf(out);
    }

    /**
     * Runs {@code run} as one agent run named {@code agentName}: an operation current on this thread while it runs,
     * so the run's model calls and (with a context-propagating executor) its tool calls nest under it.
     *
     * @return what {@code run} returns; what it throws passes through
     */
    public <T> T invokeAgent(String agentName, Supplier<T> run) {
        Objects.requireNonNull(run, "run");
        OperationScope scope = all.onStart(Operation.agent(Objects.requireNonNull(agentName, "agentName"),
                UUID.randomUUID().toString(), clock.instant()));
        T result;
        try (OperationScope.Current c = scope.makeCurrent()) {
            result = run.get();
        } catch (RuntimeException | Error e) {
            scope.end(Outcome.agent(e));
            throw e;
        }
        scope.end(Outcome.agent(null));
        return result;
    }

    /** Records a user's rating of the answer of call {@code callId} (thumbs up or down) with every observer. */
    public void feedback(String callId, boolean positive) {
        all.onFeedback(Objects.requireNonNull(callId, "callId"), positive);
    }

    /** Observed calls running now. */
    public int inFlight() {
        return calls.size();
    }

    /** The observers, in order. */
    public List<CallObserver> observers() {
        return observers;
    }

    /** Closes every observer that is {@link AutoCloseable}, logging what each throws. */
    @Override
    public void close() {
        for (CallObserver o : observers) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("Closing observer {} failed", o, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Observability" + observers;
    }

    /** Builds an {@link Observability}. Not thread-safe. */
    public static final class Builder {
        private final List<CallObserver> observers = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Adds an observer; observers are called in the order added. */
        public Builder observer(CallObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /** The clock for start instants (latencies use {@link System#nanoTime()}); default the system's UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds. */
        public Observability build() {
            return new Observability(this);
        }
    }
}
