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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 *       {@code llmkit.budget.remaining} (gauge; tags {@code budget}, {@code key}, {@code unit}: one series per
 *       budget key, so per-tenant budgets make one per tenant), {@code gen_ai.execute_tool.duration},
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
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("llmkit.calls.in_flight", inFlight, AtomicInteger::get)
                .description("Observed chat calls running now").register(registry);
        Gauge.builder("llmkit.cache.hit_ratio", this, m -> {
            long h = m.cacheHits.get();
            long all = h + m.cacheMisses.get();
            return all == 0 ? Double.NaN : (double) h / all;
        }).description("Response cache hits over lookups since start").register(registry);
    }

    /** Meters in {@code registry}. */
    public static MicrometerMetrics create(MeterRegistry registry) {
        return new MicrometerMetrics(Objects.requireNonNull(registry, "registry"));
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
        String outcome = c.status().name().toLowerCase(Locale.ROOT);
        Tags model = Tags.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", c.provider().orElse("unknown"),
                "gen_ai.request.model", c.model());
        Timer.builder("gen_ai.client.operation.duration").description("GenAI operation duration")
                .tags(model).tag("error.type", c.errorType().orElse(c.status() == Outcome.Status.CANCELLED
                        ? "cancelled" : "none"))
                .register(registry).record(c.latency());
        if (c.cache() != CallRecord.Cache.HIT && c.response().isPresent()) {
            tokens(model, "input", c.usage().inputTokens());
            tokens(model, "output", c.usage().outputTokens());
        }
        c.timeToFirstToken().ifPresent(t -> Timer.builder("gen_ai.client.operation.time_to_first_chunk")
                .description("Time to the first chunk of a streamed answer").tags(model).register(registry).record(t));
        if (c.streamed() && c.chunks() > 1 && c.timeToFirstToken().isPresent()) {
            Duration rest = c.latency().minus(c.timeToFirstToken().get());
            Timer.builder("gen_ai.client.operation.time_per_output_chunk")
                    .description("Mean time between chunks of a streamed answer, one sample per call").tags(model)
                    .register(registry).record(rest.dividedBy(c.chunks() - 1));
        }
        Counter.builder("llmkit.calls").description("Logical chat calls by model and outcome")
                .tags("gen_ai.request.model", c.model(), "outcome", outcome, "cache",
                        c.cache().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
        c.cost().ifPresent(cost -> Counter.builder("llmkit.cost").baseUnit("usd").description("Spend in US dollars")
                .tags("gen_ai.request.model", c.model()).register(registry).increment(cost.doubleValue()));
    }

    private void tokens(Tags model, String type, long count) {
        DistributionSummary.builder("gen_ai.client.token.usage").baseUnit("tokens")
                .description("Input and output tokens used").tags(model).tag("gen_ai.token.type", type)
                .register(registry).record(count);
    }

    @Override
    public void onTool(ToolRecord t) {
        Timer.builder("gen_ai.execute_tool.duration").description("Tool execution duration")
                .tags("gen_ai.tool.name", t.call().name(), "error.type", t.error() ? "tool_error" : "none")
                .register(registry).record(t.latency());
    }

    @Override
    public void onRetrieval(RetrievalEvent e) {
        Timer.builder("gen_ai.retrieval.duration").description("Retrieval duration")
                .tags("gen_ai.data_source.id", e.retriever()).register(registry).record(e.latency());
        if (!e.scores().isEmpty()) {
            DistributionSummary.builder("llmkit.retrieval.top_score").description("Best score of each search")
                    .tags("gen_ai.data_source.id", e.retriever()).register(registry).record(e.scores().get(0));
        }
    }

    @Override
    public void onEmbedding(EmbeddingEvent e) {
        Tags model = Tags.of("gen_ai.operation.name", "embeddings", "gen_ai.provider.name", e.provider(),
                "gen_ai.request.model", e.model());
        Timer.builder("gen_ai.client.operation.duration").description("GenAI operation duration").tags(model)
                .tag("error.type", e.error().map(x -> x.getClass().getSimpleName()).orElse("none"))
                .register(registry).record(e.latency());
        if (e.usageKnown()) {
            tokens(model, "input", e.inputTokens());
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
        Counter.builder("llmkit.cache.requests").description("Response cache lookups by result")
                .tags("result", hit ? "hit" : "miss").register(registry).increment();
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
        Counter.builder("llmkit.retries").description("Retries by component and cause")
                .tags("component", e.component(), "error.type", e.cause().getClass().getSimpleName())
                .register(registry).increment();
    }

    @Override
    public void onFallback(FallbackEvent e) {
        Counter.builder("llmkit.fallbacks").description("Fallbacks taken")
                .tags("from", e.from(), "to", e.to()).register(registry).increment();
    }

    @Override
    public void onRejected(RejectedEvent e) {
        Counter.builder("llmkit.rejections").description("Calls refused without being sent")
                .tags("component", e.component(), "reason", e.reason().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        Counter.builder("llmkit.timeouts").description("Time limits that fired")
                .tags("component", e.component(), "limit", e.limit().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void onWait(WaitEvent e) {
        Timer.builder("llmkit.limiter.wait").description("Time calls were held back for rate-limit capacity")
                .tags("component", e.component()).register(registry).record(e.duration());
    }

    @Override
    public void onBudget(BudgetEvent e) {
        budgets.computeIfAbsent(e.budget() + "\u0000" + e.key(), k -> {
            AtomicLong left = new AtomicLong();
            Gauge.builder("llmkit.budget.remaining", left, AtomicLong::get)
                    .description("What is left of a budget in its current window, in its unit")
                    .tags("budget", e.budget(), "key", e.key(), "unit", e.unit()).register(registry);
            return left;
        }).set(e.remaining());
    }

    @Override
    public void onGuardrail(GuardrailEvent e) {
        Counter.builder("llmkit.guardrail.verdicts").description("Guardrail verdicts other than pass")
                .tags("guardrail", e.guardrail(), "stage", e.stage().name().toLowerCase(Locale.ROOT),
                        "verdict", e.verdict().kind().name().toLowerCase(Locale.ROOT),
                        "enforced", Boolean.toString(e.enforced()))
                .register(registry).increment();
    }

    @Override
    public String toString() {
        return "MicrometerMetrics{" + registry.getClass().getSimpleName() + "}";
    }
}
