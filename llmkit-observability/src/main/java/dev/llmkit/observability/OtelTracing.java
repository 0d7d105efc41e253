package dev.llmkit.observability;

import static dev.llmkit.observability.internal.GenAiKeys.*;

import dev.llmkit.api.ChatRequest;
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

import dev.llmkit.observability.internal.AttemptSpans;
import dev.llmkit.observability.internal.Content;
import dev.llmkit.observability.internal.EventAttributes;
import dev.llmkit.observability.internal.SpanWriter;
import dev.llmkit.observability.internal.Lower;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * OpenTelemetry spans that follow the GenAI semantic conventions (development status, as of their 2026 releases):
 * {@code chat {model}} (CLIENT) per logical call of an {@link Observability#observe observed} model, covering every
 * retry, fallback and cache lookup, with {@code gen_ai.*} request, response and usage attributes, {@code llmkit.*}
 * attributes and span events for retries, fallbacks, cache hits and misses, routes, guardrail verdicts, refusals,
 * timeouts, hedges, waits and budgets; an {@code attempt {model}} child per request a provider sent; and
 * {@code retrieval}, {@code embeddings}, {@code execute_tool} and {@code invoke_agent} spans. {@code
 * docs/observability.md} lists every span, attribute and event.
 *
 * <p>Content (prompts, answers, tool data, queries) is recorded only with {@link Builder#captureContent(boolean)},
 * and then redacted; error messages are always redacted. A span's parent is the current context where the operation
 * starts (or the request's W3C {@code traceparent}); attempts, events and retrievals reported on other threads go
 * under the logical call with their call id. While a span is current the MDC holds {@code trace_id} and
 * {@code span_id}. Thread-safe; keeps one entry per running call and attempt, removed when each ends.
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


    private final Tracer tracer;
    private final boolean captureContent;
    private final Redactor redactor;
    private final SpanWriter writer;
    private final Map<String, Span> calls = new ConcurrentHashMap<>();
    private final AttemptSpans attempts = new AttemptSpans();

    private OtelTracing(Builder b) {
        this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
        this.captureContent = b.captureContent;
        this.redactor = b.redactor;
        this.writer = new SpanWriter(captureContent, redactor);
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
            parent = op.request().flatMap(r -> r.context().traceParent()).map(SpanWriter::continuing)
                    .orElse(parent);
        }
        SpanBuilder b;
        switch (op.kind()) {
            case CHAT -> {
                ChatRequest r = op.request().orElseThrow();
                b = tracer.spanBuilder("chat " + op.name()).setSpanKind(SpanKind.CLIENT);
                writer.requestAttributes(b, r, op.name());
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
                SpanWriter.restoreMdc(MDC_TRACE_ID, trace);
                SpanWriter.restoreMdc(MDC_SPAN_ID, spanId);
                scope.close();
            };
        }

        @Override
        public void end(Outcome outcome) {
            outcome.call().ifPresent(c -> writer.callAttributes(span, c));
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
                outcome.error().ifPresent(e -> writer.fail(span, e));
            }
            if (op.kind() == Operation.Kind.CHAT) {
                calls.remove(op.callId(), span);
                attempts.abandon(op.callId());
            }
            span.end();
        }

        @Override
        public String toString() {
            return "SpanScope{" + op + "}";
        }
    }

    // ---- attempts

    private Context parentOf(String callId) {
        Span call = calls.get(callId);
        return call == null ? Context.current() : Context.current().with(call);
    }

    @Override
    public void onRequest(RequestEvent e) {
        if (!calls.containsKey(e.callId()) && attempts.open() >= MAX_OPEN_ATTEMPTS) {
            return;
        }
        SpanBuilder b = tracer.spanBuilder("attempt " + e.model()).setSpanKind(SpanKind.CLIENT)
                .setParent(parentOf(e.callId())).setStartTimestamp(e.at());
        writer.requestAttributes(b, e.request(), e.model());
        b.setAttribute(CALL_ID, e.callId()).setAttribute(ATTEMPT, (long) e.attempt());
        attempts.started(e, b.startSpan());
    }

    @Override
    public void onFirstToken(FirstTokenEvent e) {
        Span s = attempts.get(e);
        if (s != null) {
            s.setAttribute(TIME_TO_FIRST_CHUNK, SpanWriter.seconds(e.timeToFirstToken()));
            s.addEvent("gen_ai.first_chunk");
        }
    }

    @Override
    public void onResponse(ResponseEvent e) {
        Span s = attempts.take(e);
        if (s != null) {
            writer.responseAttributes(s, e.response());
            e.cost().ifPresent(c -> s.setAttribute(COST, c.doubleValue()));
            s.setAttribute(OUTCOME, "ok");
            s.end();
        }
    }

    @Override
    public void onError(ErrorEvent e) {
        Span s = attempts.take(e);
        if (s != null) {
            s.setAttribute(OUTCOME, "error");
            writer.fail(s, e.error());
            s.end();
        }
    }

    @Override
    public void onCancel(CancelEvent e) {
        Span s = attempts.take(e);
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
            s = attempts.get(e);
        }
        if (s == null) {
            s = Span.current();
        }
        s.addEvent(name, attributes.toBuilder().put(ATTEMPT, (long) e.attempt()).build());
    }

    @Override
    public void onRetry(RetryEvent e) {
        event(e, "llmkit.retry", EventAttributes.retry(e));
    }

    @Override
    public void onFallback(FallbackEvent e) {
        event(e, "llmkit.fallback", EventAttributes.fallback(e));
    }

    @Override
    public void onCacheHit(CacheHitEvent e) {
        event(e, "llmkit.cache.hit", EventAttributes.cacheHit(e));
    }

    @Override
    public void onCacheMiss(CacheMissEvent e) {
        event(e, "llmkit.cache.miss", EventAttributes.cacheMiss(e));
    }

    @Override
    public void onRoute(RouteEvent e) {
        event(e, "llmkit.route", EventAttributes.route(e));
    }

    @Override
    public void onRejected(RejectedEvent e) {
        event(e, "llmkit.rejected", EventAttributes.rejected(e));
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        event(e, "llmkit.timeout", EventAttributes.timeout(e));
    }

    @Override
    public void onHedge(HedgeEvent e) {
        event(e, "llmkit.hedge", EventAttributes.hedge(e));
    }

    @Override
    public void onGuardrail(GuardrailEvent e) {
        event(e, "llmkit.guardrail", EventAttributes.guardrail(e, redactor));
    }

    @Override
    public void onWait(WaitEvent e) {
        event(e, "llmkit.wait", EventAttributes.waiting(e));
    }

    @Override
    public void onBudget(BudgetEvent e) {
        event(e, "llmkit.budget", EventAttributes.budget(e));
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
        writer.retrieval(tracer, e.callId().map(this::parentOf).orElseGet(Context::current), e);
    }

    @Override
    public void onEmbedding(EmbeddingEvent e) {
        writer.embeddings(tracer, e.callId().map(this::parentOf).orElseGet(Context::current), e);
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
