package dev.llmkit.observability.internal;

import static dev.llmkit.observability.internal.GenAiKeys.*;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.observability.CallRecord;
import dev.llmkit.observability.Outcome;
import dev.llmkit.observability.Redactor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes the GenAI attributes of llmkit's spans, redacting what may hold secrets and content only when asked. */
public final class SpanWriter {
    private final boolean captureContent;
    private final Redactor redactor;

    /** A writer that records content only with {@code captureContent}, through {@code redactor}. */
    public SpanWriter(boolean captureContent, Redactor redactor) {
        this.captureContent = captureContent;
        this.redactor = redactor;
    }

    /** The request model and parameters of a chat or attempt span. */
    public void requestAttributes(SpanBuilder b, ChatRequest r, String model) {
        b.setAttribute(OPERATION, "chat").setAttribute(REQUEST_MODEL, model);
        r.temperature().ifPresent(t -> b.setAttribute(TEMPERATURE, t));
        r.topP().ifPresent(t -> b.setAttribute(TOP_P, t));
        r.maxOutputTokens().ifPresent(t -> b.setAttribute(MAX_TOKENS, (long) t));
        r.seed().ifPresent(s -> b.setAttribute(SEED, s));
        if (!r.stop().isEmpty()) {
            b.setAttribute(STOP, r.stop());
        }
    }

    /** What a finished logical call adds to its span. */
    public void callAttributes(Span span, CallRecord c) {
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

    /** What an answer adds to a span: model, id, finish reason, usage, provider, server, content. */
    public void responseAttributes(Span span, ChatResponse r) {
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

    /** Marks {@code span} failed with {@code e}: type, redacted message, exception event. */
    public void fail(Span span, Throwable e) {
        String type = e.getClass().getSimpleName();
        span.setAttribute(ERROR_TYPE, type);
        String message = e.getMessage() == null ? type : redactor.redact(e.getMessage());
        span.setStatus(StatusCode.ERROR, message);
        span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"), e.getClass().getName(),
                AttributeKey.stringKey("exception.message"), message));
    }

    private static final TextMapGetter<Map<String, String>> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The current context with the remote parent a W3C {@code traceparent} names (unchanged when it is malformed). */
    public static Context continuing(String traceparent) {
        return W3CTraceContextPropagator.getInstance().extract(Context.current(), Map.of("traceparent", traceparent),
                TRACEPARENT);
    }

    /** A retrieval span under {@code parent}, drawn backwards from now by the search's latency. */
    public void retrieval(Tracer tracer, Context parent, RetrievalEvent e) {
        Instant end = Instant.now();
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

    /** An embeddings span under {@code parent}, drawn backwards from now by the batch's latency. */
    public void embeddings(Tracer tracer, Context parent, EmbeddingEvent e) {
        Instant end = Instant.now();
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

    /** Puts {@code value} back under {@code key} in the MDC, or removes the key when it was not set. */
    public static void restoreMdc(String key, @Nullable String value) {
        if (value == null) {
            org.slf4j.MDC.remove(key);
        } else {
            org.slf4j.MDC.put(key, value);
        }
    }

    /** {@code d} in seconds. */
    public static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

}
