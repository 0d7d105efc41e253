package dev.llmkit.observability;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.event.BudgetEvent;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.api.event.CallEvent;
import dev.llmkit.api.event.CancelEvent;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.HedgeEvent;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.api.event.TimeoutEvent;
import dev.llmkit.api.event.WaitEvent;
import dev.llmkit.observability.internal.Content;
import dev.llmkit.observability.internal.Lower;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * OpenTelemetry spans that follow the GenAI semantic conventions (development status, as of their 2026 releases).
 *
 * <ul>
 *   <li>{@code chat {model}} (CLIENT): one span per logical call of an {@link Observability#observe observed} model,
 *       covering every retry, fallback and cache lookup; {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 *       {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.response.id}, request parameters,
 *       {@code gen_ai.usage.input_tokens}/{@code output_tokens}, {@code gen_ai.response.finish_reasons},
 *       {@code server.address}/{@code server.port}, {@code error.type}; llmkit's own {@code llmkit.*} attributes;
 *       span events {@code llmkit.retry}, {@code llmkit.fallback}, {@code llmkit.cache.hit}/{@code miss},
 *       {@code llmkit.route}, {@code llmkit.guardrail}, {@code llmkit.rejected}, {@code llmkit.timeout},
 *       {@code llmkit.hedge}, {@code llmkit.wait}, {@code llmkit.budget}.</li>
 *   <li>{@code attempt {model}} (CLIENT): a child per attempt a provider sent, from its request to its response,
 *       error or cancellation.</li>
 *   <li>{@code retrieval {retriever}}, {@code embeddings {model}}, {@code execute_tool {tool}},
 *       {@code invoke_agent {agent}}.</li>
 * </ul>
 * Prompts, answers, tool arguments and results and retrieval queries are recorded only with
 * {@link Builder#captureContent(boolean)}, and then redacted; error messages are always redacted. Each span's
 * parent is the current context where the operation starts, or for attempts, events and retrievals reported on
 * other threads the logical call with the same call id. While a span is current, the MDC holds {@code trace_id} and
 * {@code span_id}.
 *
 * <p>Thread-safe. Keeps one map entry per running call and attempt, removed when each ends.
 */
public final class OtelTracing implements CallObserver {
    /** The instrumentation scope name. */
    public static final String INSTRUMENTATION_NAME = "dev.llmkit";
    /** The MDC key of the current trace id. */
    public static final String MDC_TRACE_ID = "trace_id";
    /** The MDC key of the current span id. */
    public static final String MDC_SPAN_ID = "span_id";
    /**
     * The most attempt spans open at once for calls not made through {@code observe} (whose attempts are ended with
     * their call); beyond it such attempts get no span, so a provider that never reports an attempt's end cannot
     * make the map grow without bound.
     */
    public static final int MAX_OPEN_ATTEMPTS = 10_000;

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey(
            "gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Long> SEED = AttributeKey.longKey("gen_ai.request.seed");
    static final AttributeKey<List<String>> STOP = AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
    static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey.doubleKey(
            "gen_ai.response.time_to_first_chunk");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> DATA_SOURCE = AttributeKey.stringKey("gen_ai.data_source.id");
    static final AttributeKey<Long> RETRIEVAL_TOP_K = AttributeKey.longKey("gen_ai.retrieval.top_k");
    static final AttributeKey<String> RETRIEVAL_QUERY = AttributeKey.stringKey("gen_ai.retrieval.query.text");
    static final AttributeKey<List<String>> CHUNK_IDS = AttributeKey.stringArrayKey("llmkit.retrieval.chunk_ids");
    static final AttributeKey<List<Double>> SCORES = AttributeKey.doubleArrayKey("llmkit.retrieval.scores");
    static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("llmkit.call_id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("llmkit.attempt");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("llmkit.attempts");
    static final AttributeKey<Long> RETRIES = AttributeKey.longKey("llmkit.retries");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("llmkit.outcome");
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("llmkit.cache");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("llmkit.route");
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("llmkit.deployment");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("llmkit.tenant");
    static final AttributeKey<Double> COST = AttributeKey.doubleKey("llmkit.cost_usd");
    static final AttributeKey<Long> TEXTS = AttributeKey.longKey("llmkit.embedding.texts");
    static final AttributeKey<Long> TOKENS_DELIVERED = AttributeKey.longKey("llmkit.tokens_delivered");

    private static final io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>> TRACEPARENT =
            new io.opentelemetry.context.propagation.TextMapGetter<>() {
                @Override
                public Iterable<String> keys(Map<String, String> carrier) {
                    return carrier.keySet();
                }

                @Override
                public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
                    return carrier == null ? null : carrier.get(key);
                }
            };

    private final Tracer tracer;
    private final boolean captureContent;
    private final Redactor redactor;
    private final Map<String, Span> calls = new ConcurrentHashMap<>();
    /** Open attempt spans by call id, then attempt number. */
    private final Map<String, Map<Integer, Span>> attempts = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger openAttempts = new java.util.concurrent.atomic.AtomicInteger();

    private OtelTracing(Builder b) {
        this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
        this.captureContent = b.captureContent;
        this.redactor = b.redactor;
    }

    /** Tracing through {@code openTelemetry} without content. */
    public static OtelTracing create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /** Starts a builder. */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /**
     * {@code executor} with the submitting thread's context carried into each task, so tools an agent runs on it
     * nest under the agent's span ({@link Context#taskWrapping(ExecutorService)}).
     */
    public static ExecutorService propagating(ExecutorService executor) {
        return Context.taskWrapping(executor);
    }

    // ---- operations

    @Override
    public OperationScope onStart(Operation op) {
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            parent = op.request().flatMap(r -> r.context().traceParent())
                    .map(tp -> W3CTraceContextPropagator.getInstance().extract(Context.current(),
                            Map.of("traceparent", tp), TRACEPARENT))
                    .orElse(parent);
        }
        SpanBuilder b;
        switch (op.kind()) {
            case CHAT -> {
                ChatRequest r = op.request().orElseThrow();
                b = tracer.spanBuilder("chat " + op.name()).setSpanKind(SpanKind.CLIENT);
                requestAttributes(b, r, op.name());
                b.setAttribute(CALL_ID, op.callId());
                r.context().tenant().ifPresent(t -> b.setAttribute(TENANT, t));
                if (captureContent) {
                    b.setAttribute(INPUT_MESSAGES, Content.inputMessages(r.messages(), redactor));
                    String system = Content.systemInstructions(r.messages(), redactor);
                    if (!system.isEmpty()) {
                        b.setAttribute(SYSTEM_INSTRUCTIONS, system);
                    }
                }
            }
            case EXECUTE_TOOL -> {
                b = tracer.spanBuilder("execute_tool " + op.name()).setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(OPERATION, "execute_tool").setAttribute(TOOL_NAME, op.name())
                        .setAttribute(TOOL_TYPE, "function").setAttribute(CALL_ID, op.callId());
                op.toolCall().ifPresent(c -> {
                    b.setAttribute(TOOL_CALL_ID, c.id());
                    if (captureContent) {
                        b.setAttribute(TOOL_ARGUMENTS, redactor.redact(c.arguments()));
                    }
                });
            }
            default -> b = tracer.spanBuilder("invoke_agent " + op.name()).setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(OPERATION, "invoke_agent").setAttribute(AGENT_NAME, op.name());
        }
        Span span = b.setParent(parent).setStartTimestamp(op.start()).startSpan();
        if (op.kind() == Operation.Kind.CHAT) {
            calls.put(op.callId(), span);
        }
        return new SpanScope(span, op);
    }

    private void requestAttributes(SpanBuilder b, ChatRequest r, String model) {
        b.setAttribute(OPERATION, "chat").setAttribute(REQUEST_MODEL, model);
        r.temperature().ifPresent(t -> b.setAttribute(TEMPERATURE, t));
        r.topP().ifPresent(t -> b.setAttribute(TOP_P, t));
        r.maxOutputTokens().ifPresent(t -> b.setAttribute(MAX_TOKENS, (long) t));
        r.seed().ifPresent(s -> b.setAttribute(SEED, s));
        if (!r.stop().isEmpty()) {
            b.setAttribute(STOP, r.stop());
        }
    }

    /** One operation's span. */
    private final class SpanScope implements OperationScope {
        private final Span span;
        private final Operation op;

        SpanScope(Span span, Operation op) {
            this.span = span;
            this.op = op;
        }

        @Override
        public Current makeCurrent() {
            Scope scope = span.makeCurrent();
            String trace = MDC.get(MDC_TRACE_ID);
            String spanId = MDC.get(MDC_SPAN_ID);
            MDC.put(MDC_TRACE_ID, span.getSpanContext().getTraceId());
            MDC.put(MDC_SPAN_ID, span.getSpanContext().getSpanId());
            return () -> {
                restore(MDC_TRACE_ID, trace);
                restore(MDC_SPAN_ID, spanId);
                scope.close();
            };
        }

        @Override
        public void end(Outcome outcome) {
            outcome.call().ifPresent(c -> callAttributes(span, c));
            outcome.tool().ifPresent(t -> {
                if (captureContent) {
                    span.setAttribute(TOOL_RESULT, redactor.redact(t.result().content()));
                }
                if (t.error()) {
                    span.setAttribute(ERROR_TYPE, "tool_error");
                    span.setStatus(StatusCode.ERROR, "the tool failed");
                }
            });
            if (outcome.call().isEmpty()) {
                outcome.error().ifPresent(e -> fail(span, e));
            }
            if (op.kind() == Operation.Kind.CHAT) {
                calls.remove(op.callId(), span);
                Map<Integer, Span> open = attempts.remove(op.callId());
                if (open != null) {
                    for (Integer attempt : List.copyOf(open.keySet())) {
                        Span left = open.remove(attempt);
                        if (left != null) {
                            openAttempts.decrementAndGet();
                            left.setAttribute(OUTCOME, "abandoned");
                            left.end();
                        }
                    }
                }
            }
            span.end();
        }

        @Override
        public String toString() {
            return "SpanScope{" + op + "}";
        }
    }

    private static void restore(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private void callAttributes(Span span, CallRecord c) {
        span.setAttribute(OUTCOME, Lower.of(c.status()));
        span.setAttribute(ATTEMPTS, (long) c.attempts());
        span.setAttribute(RETRIES, (long) c.retries());
        span.setAttribute(CACHE, Lower.of(c.cache()));
        c.route().ifPresent(r -> span.setAttribute(ROUTE, r));
        c.deployment().ifPresent(d -> span.setAttribute(DEPLOYMENT, d));
        c.cost().ifPresent(cost -> span.setAttribute(COST, cost.doubleValue()));
        c.timeToFirstToken().ifPresent(t -> span.setAttribute(TIME_TO_FIRST_CHUNK, seconds(t)));
        c.response().ifPresent(r -> responseAttributes(span, r));
        if (c.status() == Outcome.Status.ERROR) {
            c.error().ifPresent(e -> fail(span, e));
        }
    }

    private void responseAttributes(Span span, ChatResponse r) {
        span.setAttribute(RESPONSE_MODEL, r.model());
        r.requestId().ifPresent(id -> span.setAttribute(RESPONSE_ID, id));
        span.setAttribute(FINISH_REASONS, List.of(Lower.of(r.finishReason())));
        span.setAttribute(INPUT_TOKENS, r.usage().inputTokens());
        span.setAttribute(OUTPUT_TOKENS, r.usage().outputTokens());
        String provider = r.origin().provider();
        if (!provider.equals("unknown") && !provider.isEmpty()) {
            span.setAttribute(PROVIDER, provider);
        }
        server(span, r.origin().endpoint());
        if (captureContent) {
            span.setAttribute(OUTPUT_MESSAGES, Content.outputMessages(r, redactor));
        }
    }

    private static void server(Span span, String endpoint) {
        if (endpoint.isEmpty()) {
            return;
        }
        try {
            URI u = URI.create(endpoint);
            if (u.getHost() != null) {
                span.setAttribute(SERVER_ADDRESS, u.getHost());
                int port = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
                span.setAttribute(SERVER_PORT, (long) port);
            }
        } catch (IllegalArgumentException e) {
            // not a URL (e.g. "cache"): no server attributes
        }
    }

    private void fail(Span span, Throwable e) {
        String type = e.getClass().getSimpleName();
        span.setAttribute(ERROR_TYPE, type);
        String message = e.getMessage() == null ? type : redactor.redact(e.getMessage());
        span.setStatus(StatusCode.ERROR, message);
        span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"), e.getClass().getName(),
                AttributeKey.stringKey("exception.message"), message));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    // ---- attempts

    private Context parentOf(String callId) {
        Span call = calls.get(callId);
        return call == null ? Context.current() : Context.current().with(call);
    }

    private @Nullable Span attempt(CallEvent e) {
        Map<Integer, Span> open = attempts.get(e.callId());
        return open == null ? null : open.get(e.attempt());
    }

    /** Removes and returns the attempt's span, so exactly one caller ends it. */
    private @Nullable Span takeAttempt(CallEvent e) {
        Map<Integer, Span> open = attempts.get(e.callId());
        if (open == null) {
            return null;
        }
        Span s = open.remove(e.attempt());
        if (s != null) {
            openAttempts.decrementAndGet();
        }
        attempts.computeIfPresent(e.callId(), (k, v) -> v.isEmpty() ? null : v);
        return s;
    }

    @Override
    public void onRequest(RequestEvent e) {
        boolean observed = calls.containsKey(e.callId());
        if (!observed && openAttempts.get() >= MAX_OPEN_ATTEMPTS) {
            return;
        }
        SpanBuilder b = tracer.spanBuilder("attempt " + e.model()).setSpanKind(SpanKind.CLIENT)
                .setParent(parentOf(e.callId())).setStartTimestamp(e.at());
        requestAttributes(b, e.request(), e.model());
        b.setAttribute(CALL_ID, e.callId()).setAttribute(ATTEMPT, (long) e.attempt());
        Span previous = attempts.computeIfAbsent(e.callId(), k -> new ConcurrentHashMap<>(4))
                .put(e.attempt(), b.startSpan());
        if (previous != null) {
            previous.setAttribute(OUTCOME, "abandoned");
            previous.end();
        } else {
            openAttempts.incrementAndGet();
        }
    }

    @Override
    public void onFirstToken(FirstTokenEvent e) {
        Span s = attempt(e);
        if (s != null) {
            s.setAttribute(TIME_TO_FIRST_CHUNK, seconds(e.timeToFirstToken()));
            s.addEvent("gen_ai.first_chunk");
        }
    }

    @Override
    public void onResponse(ResponseEvent e) {
        Span s = takeAttempt(e);
        if (s != null) {
            responseAttributes(s, e.response());
            e.cost().ifPresent(c -> s.setAttribute(COST, c.doubleValue()));
            s.setAttribute(OUTCOME, "ok");
            s.end();
        }
    }

    @Override
    public void onError(ErrorEvent e) {
        Span s = takeAttempt(e);
        if (s != null) {
            s.setAttribute(OUTCOME, "error");
            fail(s, e.error());
            s.end();
        }
    }

    @Override
    public void onCancel(CancelEvent e) {
        Span s = takeAttempt(e);
        if (s != null) {
            s.setAttribute(OUTCOME, "cancelled");
            s.setAttribute(TOKENS_DELIVERED, (long) e.tokensDelivered());
            s.end();
        }
    }

    // ---- events on the logical call

    private void event(CallEvent e, String name, Attributes attributes) {
        Span s = calls.get(e.callId());
        if (s == null) {
            s = attempt(e);
        }
        if (s == null) {
            s = Span.current();
        }
        s.addEvent(name, attributes.toBuilder().put(ATTEMPT, (long) e.attempt()).build());
    }

    @Override
    public void onRetry(RetryEvent e) {
        event(e, "llmkit.retry", Attributes.builder().put("llmkit.component", e.component())
                .put(ERROR_TYPE, e.cause().getClass().getSimpleName()).put("llmkit.delay_ms", e.delay().toMillis())
                .build());
    }

    @Override
    public void onFallback(FallbackEvent e) {
        event(e, "llmkit.fallback", Attributes.builder().put("llmkit.from", e.from()).put("llmkit.to", e.to())
                .put(ERROR_TYPE, e.cause().getClass().getSimpleName()).build());
    }

    @Override
    public void onCacheHit(CacheHitEvent e) {
        AttributesBuilder a = Attributes.builder().put("llmkit.cache.name", e.cache())
                .put("llmkit.cache.similarity", e.similarity()).put("llmkit.cache.tokens_saved", e.tokensSaved());
        e.costSaved().ifPresent(c -> a.put("llmkit.cache.cost_saved_usd", c.doubleValue()));
        event(e, "llmkit.cache.hit", a.build());
    }

    @Override
    public void onCacheMiss(CacheMissEvent e) {
        AttributesBuilder a = Attributes.builder().put("llmkit.cache.similarity", e.similarity());
        e.reason().ifPresent(r -> a.put("llmkit.reason", r));
        event(e, "llmkit.cache.miss", a.build());
    }

    @Override
    public void onRoute(RouteEvent e) {
        AttributesBuilder a = Attributes.builder().put("llmkit.route", e.route()).put(REQUEST_MODEL, e.model());
        e.reason().ifPresent(r -> a.put("llmkit.reason", r));
        event(e, "llmkit.route", a.build());
    }

    @Override
    public void onRejected(RejectedEvent e) {
        event(e, "llmkit.rejected", Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.reason", Lower.of(e.reason())).build());
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        event(e, "llmkit.timeout", Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.limit", Lower.of(e.limit()))
                .put("llmkit.configured_ms", e.configured().toMillis()).build());
    }

    @Override
    public void onHedge(HedgeEvent e) {
        event(e, "llmkit.hedge", Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.delay_ms", e.delay().toMillis()).build());
    }

    @Override
    public void onGuardrail(GuardrailEvent e) {
        event(e, "llmkit.guardrail", Attributes.builder().put("llmkit.guardrail", e.guardrail())
                .put("llmkit.stage", Lower.of(e.stage()))
                .put("llmkit.verdict", Lower.of(e.verdict().kind()))
                .put("llmkit.enforced", e.enforced()).put("llmkit.reason", redactor.redact(e.verdict().reason()))
                .build());
    }

    @Override
    public void onWait(WaitEvent e) {
        event(e, "llmkit.wait", Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.wait_ms", e.duration().toMillis()).build());
    }

    @Override
    public void onBudget(BudgetEvent e) {
        event(e, "llmkit.budget", Attributes.builder().put("llmkit.budget", e.budget())
                .put("llmkit.budget.unit", e.unit()).put("llmkit.budget.remaining", e.remaining())
                .put("llmkit.budget.limit", e.limit()).build());
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent e) {
        Span.current().addEvent("llmkit.circuit_state", Attributes.builder().put("llmkit.breaker", e.breaker())
                .put("llmkit.from", Lower.of(e.from()))
                .put("llmkit.to", Lower.of(e.to())).build());
    }

    // ---- retrieval and embeddings: reported when done, so their spans are drawn backwards from now

    @Override
    public void onRetrieval(RetrievalEvent e) {
        Instant end = Instant.now();
        Context parent = e.callId().map(this::parentOf).orElseGet(Context::current);
        SpanBuilder b = tracer.spanBuilder("retrieval " + e.retriever()).setSpanKind(SpanKind.INTERNAL)
                .setParent(parent).setStartTimestamp(end.minus(e.latency()))
                .setAttribute(OPERATION, "retrieval").setAttribute(DATA_SOURCE, e.retriever())
                .setAttribute(RETRIEVAL_TOP_K, (long) e.topK()).setAttribute(CHUNK_IDS, e.chunkIds())
                .setAttribute(SCORES, e.scores());
        e.callId().ifPresent(id -> b.setAttribute(CALL_ID, id));
        if (captureContent) {
            b.setAttribute(RETRIEVAL_QUERY, redactor.redact(e.query()));
        }
        b.startSpan().end(end);
    }

    @Override
    public void onEmbedding(EmbeddingEvent e) {
        Instant end = Instant.now();
        Context parent = e.callId().map(this::parentOf).orElseGet(Context::current);
        Span s = tracer.spanBuilder("embeddings " + e.model()).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setStartTimestamp(end.minus(e.latency())).setAttribute(OPERATION, "embeddings")
                .setAttribute(PROVIDER, e.provider()).setAttribute(REQUEST_MODEL, e.model())
                .setAttribute(TEXTS, (long) e.texts()).startSpan();
        if (e.usageKnown()) {
            s.setAttribute(INPUT_TOKENS, e.inputTokens());
        }
        e.error().ifPresent(err -> fail(s, err));
        s.end(end);
    }

    @Override
    public String toString() {
        return "OtelTracing{content=" + captureContent + ", running calls=" + calls.size() + "}";
    }

    /** Configures {@link OtelTracing}. Not thread-safe. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean captureContent;
        private Redactor redactor = Redactor.secrets();

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * Whether prompts, answers, tool arguments and results and retrieval queries go on spans (redacted); default
         * false. They may hold personal data: turn this on only where your trace store may keep it.
         */
        public Builder captureContent(boolean captureContent) {
            this.captureContent = captureContent;
            return this;
        }

        /** What redacts content and error messages; default {@link Redactor#secrets()}. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /** Builds. */
        public OtelTracing build() {
            return new OtelTracing(this);
        }
    }
}
