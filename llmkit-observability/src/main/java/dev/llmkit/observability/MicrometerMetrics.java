package dev.llmkit.observability;

import dev.llmkit.api.event.BudgetEvent;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.TimeoutEvent;
import dev.llmkit.api.event.WaitEvent;
import dev.llmkit.observability.internal.Lower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters: the GenAI client metrics and llmkit's own. Names use dots; each registry renders them in its own
 * convention (Prometheus: {@code gen_ai_client_operation_duration_seconds}). Every meter, its unit and its tags are
 * listed in {@code docs/observability.md}.
 *
 * <ul>
 *   <li>{@code gen_ai.client.operation.duration} (timer; tags {@code gen_ai.operation.name},
 *       {@code gen_ai.provider.name}, {@code gen_ai.request.model}, {@code error.type}): per logical call, per
 *       embedding batch.</li>
 *   <li>{@code gen_ai.client.token.usage} (summary, tokens; plus {@code gen_ai.token.type} input or output).</li>
 *   <li>{@code gen_ai.client.operation.time_to_first_chunk} and {@code ...time_per_output_chunk} (timers, streamed
 *       calls; the second is each call's mean gap between chunks).</li>
 *   <li>{@code llmkit.calls} (counter; {@code gen_ai.request.model}, {@code outcome}, {@code cache}),
 *       {@code llmkit.cost} (counter, US dollars), {@code llmkit.calls.in_flight} (gauge),
 *       {@code llmkit.cache.requests} and {@code llmkit.cache.hit_ratio}, {@code llmkit.circuit.state} (gauge: 0
 *       closed, 1 half-open, 2 open), {@code llmkit.retries}, {@code llmkit.fallbacks}, {@code llmkit.rejections},
 *       {@code llmkit.timeouts}, {@code llmkit.guardrail.verdicts}, {@code llmkit.limiter.wait} (timer),
 *       {@code llmkit.budget.remaining} (gauge; tags {@code budget}, {@code unit}, and {@code key} only with
 *       {@link Builder#budgetKeys}), {@code gen_ai.execute_tool.duration},
 *       {@code gen_ai.retrieval.duration}, {@code llmkit.retrieval.top_score}.</li>
 * </ul>
 * Tags hold models, components and outcomes, never tenants or users (they would make series without bound: the
 * {@link UsageReport} keeps per-tenant totals). Thread-safe.
 */
public final class MicrometerMetrics implements CallObserver {
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> circuits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> budgets = new ConcurrentHashMap<>();
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();

    private final boolean budgetKeys;

    private MicrometerMetrics(MeterRegistry registry, boolean budgetKeys) {
        this.registry = registry;
        this.budgetKeys = budgetKeys;
        Gauge.builder("llmkit.calls.in_flight", inFlight, AtomicInteger::get)
                .description("Observed chat calls running now").register(registry);
        Gauge.builder("llmkit.cache.hit_ratio", this, m -> {
            long h = m.cacheHits.get();
            long all = h + m.cacheMisses.get();
            return all == 0 ? Double.NaN : (double) h / all;
        }).description("Response cache hits over lookups since start").register(registry);
    }

    /** A meter by name and tag values, looked up without building an id per call. */
    private <M extends Meter> M meter(String name, String[] tags, java.util.function.Supplier<M> register) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        for (String t : tags) {
            key.add(t);
        }
        @SuppressWarnings("unchecked")
        M m = (M) meters.get(key);
        if (m == null) {
            @SuppressWarnings("unchecked")
            M made = (M) meters.computeIfAbsent(key, k -> register.get());
            m = made;
        }
        return m;
    }

    private Timer timer(String name, String description, String... tags) {
        return meter(name, tags, () -> Timer.builder(name).description(description).tags(tags).register(registry));
    }

    private Counter counter(String name, @Nullable String unit, String description, String... tags) {
        return meter(name, tags, () -> Counter.builder(name).baseUnit(unit).description(description).tags(tags)
                .register(registry));
    }

    private DistributionSummary summary(String name, @Nullable String unit, String description, String... tags) {
        return meter(name, tags, () -> DistributionSummary.builder(name).baseUnit(unit).description(description)
                .tags(tags).register(registry));
    }

    /** Meters in {@code registry}, budgets tagged by budget only. */
    public static MicrometerMetrics create(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** Starts a builder. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /** Configures {@link MicrometerMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private boolean budgetKeys;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Whether {@code llmkit.budget.remaining} gets a series per budget key (per tenant, per user: the key names
         * them, so series grow with them and ids reach the metrics backend); default false, one series per budget
         * holding the remainder of the key charged last.
         */
        public Builder budgetKeys(boolean budgetKeys) {
            this.budgetKeys = budgetKeys;
            return this;
        }

        /** Builds, registering the gauges. */
        public MicrometerMetrics build() {
            return new MicrometerMetrics(registry, budgetKeys);
        }
    }

    @Override
    public OperationScope onStart(Operation operation) {
        if (operation.kind() != Operation.Kind.CHAT) {
            return OperationScope.NONE;
        }
        inFlight.incrementAndGet();
        return new OperationScope() {
            @Override
            public void end(Outcome outcome) {
                inFlight.decrementAndGet();
            }
        };
    }

    @Override
    public void onCall(CallRecord c) {
        String outcome = Lower.of(c.status());
        String provider = c.provider().orElse("unknown");
        String model = c.model();
        timer("gen_ai.client.operation.duration", "GenAI operation duration", "gen_ai.operation.name", "chat",
                "gen_ai.provider.name", provider, "gen_ai.request.model", model, "error.type",
                c.errorType().orElse(c.status() == Outcome.Status.CANCELLED ? "cancelled" : "none"))
                .record(c.latency());
        if (c.cache() != CallRecord.Cache.HIT && c.response().isPresent()) {
            tokens("chat", provider, model, "input", c.usage().inputTokens());
            tokens("chat", provider, model, "output", c.usage().outputTokens());
        }
        c.timeToFirstToken().ifPresent(t -> timer("gen_ai.client.operation.time_to_first_chunk",
                "Time to the first chunk of a streamed answer", "gen_ai.operation.name", "chat",
                "gen_ai.provider.name", provider, "gen_ai.request.model", model).record(t));
        if (c.streamed() && c.chunks() > 1 && c.timeToFirstToken().isPresent()) {
            Duration rest = c.latency().minus(c.timeToFirstToken().get());
            timer("gen_ai.client.operation.time_per_output_chunk",
                    "Mean time between chunks of a streamed answer, one sample per call", "gen_ai.operation.name",
                    "chat", "gen_ai.provider.name", provider, "gen_ai.request.model", model)
                    .record(rest.dividedBy(c.chunks() - 1));
        }
        counter("llmkit.calls", null, "Logical chat calls by model and outcome", "gen_ai.request.model", model,
                "outcome", outcome, "cache", Lower.of(c.cache())).increment();
        c.cost().ifPresent(cost -> counter("llmkit.cost", "usd", "Spend in US dollars", "gen_ai.request.model", model)
                .increment(cost.doubleValue()));
    }

    private void tokens(String operation, String provider, String model, String type, long count) {
        summary("gen_ai.client.token.usage", "tokens", "Input and output tokens used", "gen_ai.operation.name",
                operation, "gen_ai.provider.name", provider, "gen_ai.request.model", model, "gen_ai.token.type", type)
                .record(count);
    }

    @Override
    public void onTool(ToolRecord t) {
        timer("gen_ai.execute_tool.duration", "Tool execution duration", "gen_ai.tool.name", t.call().name(),
                "error.type", t.error() ? "tool_error" : "none").record(t.latency());
    }

    @Override
    public void onRetrieval(RetrievalEvent e) {
        timer("gen_ai.retrieval.duration", "Retrieval duration", "gen_ai.data_source.id", e.retriever())
                .record(e.latency());
        if (!e.scores().isEmpty()) {
            summary("llmkit.retrieval.top_score", null, "Best score of each search", "gen_ai.data_source.id",
                    e.retriever()).record(e.scores().get(0));
        }
    }

    @Override
    public void onEmbedding(EmbeddingEvent e) {
        timer("gen_ai.client.operation.duration", "GenAI operation duration", "gen_ai.operation.name", "embeddings",
                "gen_ai.provider.name", e.provider(), "gen_ai.request.model", e.model(), "error.type",
                e.error().map(x -> x.getClass().getSimpleName()).orElse("none")).record(e.latency());
        if (e.usageKnown()) {
            tokens("embeddings", e.provider(), e.model(), "input", e.inputTokens());
        }
    }

    @Override
    public void onCacheHit(CacheHitEvent e) {
        cache(true);
    }

    @Override
    public void onCacheMiss(CacheMissEvent e) {
        cache(false);
    }

    private void cache(boolean hit) {
        counter("llmkit.cache.requests", null, "Response cache lookups by result", "result", hit ? "hit" : "miss")
                .increment();
        (hit ? cacheHits : cacheMisses).incrementAndGet();
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent e) {
        circuits.computeIfAbsent(e.breaker(), b -> {
            AtomicInteger state = new AtomicInteger();
            Gauge.builder("llmkit.circuit.state", state, AtomicInteger::get)
                    .description("Circuit breaker state: 0 closed, 1 half-open, 2 open").tag("breaker", b)
                    .register(registry);
            return state;
        }).set(code(e.to()));
    }

    private static int code(CircuitState s) {
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }

    @Override
    public void onRetry(RetryEvent e) {
        counter("llmkit.retries", null, "Retries by component and cause", "component", e.component(), "error.type",
                e.cause().getClass().getSimpleName()).increment();
    }

    @Override
    public void onFallback(FallbackEvent e) {
        counter("llmkit.fallbacks", null, "Fallbacks taken", "from", e.from(), "to", e.to()).increment();
    }

    @Override
    public void onRejected(RejectedEvent e) {
        counter("llmkit.rejections", null, "Calls refused without being sent", "component", e.component(), "reason",
                Lower.of(e.reason())).increment();
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        counter("llmkit.timeouts", null, "Time limits that fired", "component", e.component(), "limit",
                Lower.of(e.limit())).increment();
    }

    @Override
    public void onWait(WaitEvent e) {
        timer("llmkit.limiter.wait", "Time calls were held back for rate-limit capacity", "component",
                e.component()).record(e.duration());
    }

    @Override
    public void onBudget(BudgetEvent e) {
        budgets.computeIfAbsent(budgetKeys ? e.budget() + "\u0000" + e.key() : e.budget(), k -> {
            AtomicLong left = new AtomicLong();
            Gauge.Builder<AtomicLong> g = Gauge.builder("llmkit.budget.remaining", left, AtomicLong::get)
                    .description("What is left of a budget in its current window, in its unit")
                    .tags("budget", e.budget(), "unit", e.unit());
            if (budgetKeys) {
                g.tag("key", e.key());
            }
            g.register(registry);
            return left;
        }).set(e.remaining());
    }

    @Override
    public void onGuardrail(GuardrailEvent e) {
        counter("llmkit.guardrail.verdicts", null, "Guardrail verdicts other than pass", "guardrail", e.guardrail(),
                "stage", Lower.of(e.stage()), "verdict",
                Lower.of(e.verdict().kind()), "enforced", Boolean.toString(e.enforced()))
                .increment();
    }

    @Override
    public String toString() {
        return "MicrometerMetrics{" + registry.getClass().getSimpleName() + "}";
    }
}
