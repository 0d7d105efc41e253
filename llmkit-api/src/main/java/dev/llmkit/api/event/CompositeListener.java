package dev.llmkit.api.event;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards events to several listeners, isolating each one's failures. */
final class CompositeListener implements ChatModelListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChatModelListener.class);

    private final List<ChatModelListener> listeners;

    CompositeListener(List<ChatModelListener> listeners) {
        this.listeners = listeners;
    }

    private void each(String event, Consumer<ChatModelListener> call) {
        for (ChatModelListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} threw from {}; the call goes on", l, event, e);
            }
        }
    }

    @Override
    public void onRequest(RequestEvent event) {
        each("onRequest", l -> l.onRequest(event));
    }

    @Override
    public void onFirstToken(FirstTokenEvent event) {
        each("onFirstToken", l -> l.onFirstToken(event));
    }

    @Override
    public void onResponse(ResponseEvent event) {
        each("onResponse", l -> l.onResponse(event));
    }

    @Override
    public void onError(ErrorEvent event) {
        each("onError", l -> l.onError(event));
    }

    @Override
    public void onCancel(CancelEvent event) {
        each("onCancel", l -> l.onCancel(event));
    }

    @Override
    public void onRetry(RetryEvent event) {
        each("onRetry", l -> l.onRetry(event));
    }

    @Override
    public void onFallback(FallbackEvent event) {
        each("onFallback", l -> l.onFallback(event));
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        each("onCacheHit", l -> l.onCacheHit(event));
    }

    @Override
    public void onCacheMiss(CacheMissEvent event) {
        each("onCacheMiss", l -> l.onCacheMiss(event));
    }

    @Override
    public void onRoute(RouteEvent event) {
        each("onRoute", l -> l.onRoute(event));
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent event) {
        each("onCircuitStateChange", l -> l.onCircuitStateChange(event));
    }

    @Override
    public String toString() {
        return "CompositeListener" + listeners;
    }

    @Override
    public void onRejected(RejectedEvent event) {
        each("onRejected", l -> l.onRejected(event));
    }

    @Override
    public void onTimeout(TimeoutEvent event) {
        each("onTimeout", l -> l.onTimeout(event));
    }

    @Override
    public void onHedge(HedgeEvent event) {
        each("onHedge", l -> l.onHedge(event));
    }

    @Override
    public void onWait(WaitEvent event) {
        each("onWait", l -> l.onWait(event));
    }

    @Override
    public void onBudget(BudgetEvent event) {
        each("onBudget", l -> l.onBudget(event));
    }

    @Override
    public void onGuardrail(GuardrailEvent event) {
        each("onGuardrail", l -> l.onGuardrail(event));
    }
}
