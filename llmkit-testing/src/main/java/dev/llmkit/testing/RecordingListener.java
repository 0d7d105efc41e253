package dev.llmkit.testing;

import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CancelEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.HedgeEvent;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.api.event.TimeoutEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener that records every event, in order, for assertions. Thread-safe.
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * ... build the model with .listener(events) and call it ...
 * assertThat(events.of(RetryEvent.class)).hasSize(2);
 * }</pre>
 */
public final class RecordingListener implements ChatModelListener {
    private final List<Object> events = new CopyOnWriteArrayList<>();

    /** Creates an empty recorder. */
    public RecordingListener() {
    }

    /** Every event so far, in order; a snapshot. */
    public List<Object> events() {
        return List.copyOf(events);
    }

    /** The events of one type, in order. */
    public <E> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Forgets all events. */
    public void clear() {
        events.clear();
    }

    @Override
    public void onRequest(RequestEvent event) {
        events.add(event);
    }

    @Override
    public void onFirstToken(FirstTokenEvent event) {
        events.add(event);
    }

    @Override
    public void onResponse(ResponseEvent event) {
        events.add(event);
    }

    @Override
    public void onError(ErrorEvent event) {
        events.add(event);
    }

    @Override
    public void onCancel(CancelEvent event) {
        events.add(event);
    }

    @Override
    public void onRetry(RetryEvent event) {
        events.add(event);
    }

    @Override
    public void onFallback(FallbackEvent event) {
        events.add(event);
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        events.add(event);
    }

    @Override
    public void onCacheMiss(dev.llmkit.api.event.CacheMissEvent event) {
        events.add(event);
    }

    @Override
    public void onRoute(RouteEvent event) {
        events.add(event);
    }

    @Override
    public void onRejected(RejectedEvent event) {
        events.add(event);
    }

    @Override
    public void onTimeout(TimeoutEvent event) {
        events.add(event);
    }

    @Override
    public void onHedge(HedgeEvent event) {
        events.add(event);
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent event) {
        events.add(event);
    }

    @Override
    public void onGuardrail(GuardrailEvent event) {
        events.add(event);
    }

    @Override
    public void onWait(dev.llmkit.api.event.WaitEvent event) {
        events.add(event);
    }

    @Override
    public void onBudget(dev.llmkit.api.event.BudgetEvent event) {
        events.add(event);
    }

    @Override
    public String toString() {
        return "RecordingListener[" + events.size() + " events]";
    }
}
