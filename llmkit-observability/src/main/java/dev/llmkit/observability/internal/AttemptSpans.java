package dev.llmkit.observability.internal;

import static dev.llmkit.observability.internal.GenAiKeys.OUTCOME;

import dev.llmkit.api.event.CallEvent;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The attempt spans still open, by call id and attempt number: each is ended exactly once, by the attempt's
 * response, error or cancellation, or as abandoned when its logical call ends first.
 */
public final class AttemptSpans {
    private final Map<String, Map<Integer, Span>> open = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** How many attempt spans are open. */
    public int open() {
        return count.get();
    }

    /** The attempt of {@code e} started with {@code span}; a span already open for it is ended as abandoned. */
    public void started(CallEvent e, Span span) {
        Span previous = open.computeIfAbsent(e.callId(), k -> new ConcurrentHashMap<>(4)).put(e.attempt(), span);
        if (previous != null) {
            previous.setAttribute(OUTCOME, "abandoned");
            previous.end();
        } else {
            count.incrementAndGet();
        }
    }

    /** The open span of {@code e}'s attempt, left open. */
    public @Nullable Span get(CallEvent e) {
        Map<Integer, Span> spans = open.get(e.callId());
        return spans == null ? null : spans.get(e.attempt());
    }

    /** Removes and returns the span of {@code e}'s attempt, so exactly one caller ends it. */
    public @Nullable Span take(CallEvent e) {
        Map<Integer, Span> spans = open.get(e.callId());
        if (spans == null) {
            return null;
        }
        Span s = spans.remove(e.attempt());
        if (s != null) {
            count.decrementAndGet();
        }
        open.computeIfPresent(e.callId(), (k, v) -> v.isEmpty() ? null : v);
        return s;
    }

    /** Ends, as abandoned, every attempt of call {@code callId} still open. */
    public void abandon(String callId) {
        Map<Integer, Span> spans = open.remove(callId);
        if (spans == null) {
            return;
        }
        for (Integer attempt : List.copyOf(spans.keySet())) {
            Span left = spans.remove(attempt);
            if (left != null) {
                count.decrementAndGet();
                left.setAttribute(OUTCOME, "abandoned");
                left.end();
            }
        }
    }

    @Override
    public String toString() {
        return "AttemptSpans{open=" + count.get() + "}";
    }
}
