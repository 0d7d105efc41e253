package dev.llmkit.observability.internal;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.observability.CallRecord;
import dev.llmkit.observability.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the events of one running logical call said so far. Events arrive on the calling, streaming and timer threads,
 * so every method is synchronized; a call has few events, so there is no contention to speak of.
 */
public final class CallState {
    private final ChatRequest request;
    private final String model;
    private final Instant start;
    private final long startNanos;
    private int attempts;
    private int retries;
    private final List<String[]> fallbacks = new ArrayList<>();
    private @Nullable String route;
    private CallRecord.Cache cache = CallRecord.Cache.NONE;
    private final List<GuardrailEvent> guardrails = new ArrayList<>();
    private final List<RetrievalEvent> retrievals = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();
    private boolean streamed;
    private long firstChunkNanos = -1;
    private int chunks;

    /** A call to {@code model} that starts now. */
    public CallState(ChatRequest request, String model, Instant start, long startNanos) {
        this.request = request;
        this.model = model;
        this.start = start;
        this.startNanos = startNanos;
    }

    /** The request. */
    public ChatRequest request() {
        return request;
    }

    /** An attempt was sent. */
    public synchronized void attempt() {
        attempts++;
    }

    /** A retry layer retries. */
    public synchronized void retry() {
        retries++;
    }

    /** A fallback layer moved on. */
    public synchronized void fallback(String from, String to) {
        fallbacks.add(new String[] {from, to});
    }

    /** A router chose. */
    public synchronized void route(String route) {
        this.route = route;
    }

    /** A cache answered ({@code hit}) or did not. */
    public synchronized void cache(boolean hit) {
        if (hit) {
            cache = CallRecord.Cache.HIT;
        } else if (cache == CallRecord.Cache.NONE) {
            cache = CallRecord.Cache.MISS;
        }
    }

    /** A guardrail reported. */
    public synchronized void guardrail(GuardrailEvent event) {
        guardrails.add(event);
    }

    /** A search was made for the call. */
    public synchronized void retrieval(RetrievalEvent event) {
        retrievals.add(event);
    }

    /** A layer refused an attempt. */
    public synchronized void rejected(String component) {
        rejections.add(component);
    }

    /** A streamed chunk reached the caller at {@code nanos}. */
    public synchronized void chunk(long nanos) {
        streamed = true;
        if (firstChunkNanos < 0) {
            firstChunkNanos = nanos;
        }
        chunks++;
    }

    /** The call is a stream (even one that ends before its first chunk). */
    public synchronized void streaming() {
        streamed = true;
    }

    /** The record of the call, ending at {@code endNanos}. */
    public synchronized CallRecord record(Outcome.Status status, @Nullable ChatResponse response,
            @Nullable Throwable error, long endNanos) {
        CallRecord.Builder b = CallRecord.builder().request(request).model(model).response(response)
                .status(status, error).timing(start, Duration.ofNanos(Math.max(0, endNanos - startNanos)))
                .attempts(attempts, retries).route(route).cache(cache);
        if (streamed) {
            b.streamed(firstChunkNanos < 0 ? null : Duration.ofNanos(firstChunkNanos - startNanos), chunks);
        }
        fallbacks.forEach(f -> b.fallback(f[0], f[1]));
        guardrails.forEach(b::guardrail);
        retrievals.forEach(b::retrieval);
        rejections.forEach(b::rejection);
        return b.build();
    }
}
