package dev.llmkit.observability.internal;

import dev.llmkit.api.event.BudgetEvent;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
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
import dev.llmkit.observability.CallObserver;
import dev.llmkit.observability.CallRecord;
import dev.llmkit.observability.Operation;
import dev.llmkit.observability.OperationScope;
import dev.llmkit.observability.Outcome;
import dev.llmkit.observability.ToolRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards to several observers in order, logging at WARN and swallowing what each throws. */
public final class Observers implements CallObserver {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final List<CallObserver> all;

    /** Forwards to {@code observers}. */
    public Observers(List<CallObserver> observers) {
        this.all = List.copyOf(observers);
    }

    private void each(String what, Consumer<CallObserver> call) {
        for (CallObserver o : all) {
            try {
                call.accept(o);
            } catch (RuntimeException e) {
                LOG.warn("Observer {} threw in {}; the call goes on", o, what, e);
            }
        }
    }

    @Override
    public OperationScope onStart(Operation operation) {
        List<OperationScope> scopes = new ArrayList<>(all.size());
        for (CallObserver o : all) {
            try {
                OperationScope s = o.onStart(operation);
                if (s != OperationScope.NONE) {
                    scopes.add(s);
                }
            } catch (RuntimeException e) {
                LOG.warn("Observer {} threw in onStart; the call goes on", o, e);
            }
        }
        return scopes.isEmpty() ? OperationScope.NONE : new Scopes(List.copyOf(scopes));
    }

    @Override
    public void onCall(CallRecord call) {
        each("onCall", o -> o.onCall(call));
    }

    @Override
    public void onTool(ToolRecord tool) {
        each("onTool", o -> o.onTool(tool));
    }

    @Override
    public void onFeedback(String callId, boolean positive) {
        each("onFeedback", o -> o.onFeedback(callId, positive));
    }

    @Override
    public void onRetrieval(RetrievalEvent event) {
        each("onRetrieval", o -> o.onRetrieval(event));
    }

    @Override
    public void onEmbedding(EmbeddingEvent event) {
        each("onEmbedding", o -> o.onEmbedding(event));
    }

    @Override
    public void onRequest(RequestEvent event) {
        each("onRequest", o -> o.onRequest(event));
    }

    @Override
    public void onFirstToken(FirstTokenEvent event) {
        each("onFirstToken", o -> o.onFirstToken(event));
    }

    @Override
    public void onResponse(ResponseEvent event) {
        each("onResponse", o -> o.onResponse(event));
    }

    @Override
    public void onError(ErrorEvent event) {
        each("onError", o -> o.onError(event));
    }

    @Override
    public void onCancel(CancelEvent event) {
        each("onCancel", o -> o.onCancel(event));
    }

    @Override
    public void onRetry(RetryEvent event) {
        each("onRetry", o -> o.onRetry(event));
    }

    @Override
    public void onFallback(FallbackEvent event) {
        each("onFallback", o -> o.onFallback(event));
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        each("onCacheHit", o -> o.onCacheHit(event));
    }

    @Override
    public void onCacheMiss(CacheMissEvent event) {
        each("onCacheMiss", o -> o.onCacheMiss(event));
    }

    @Override
    public void onRoute(RouteEvent event) {
        each("onRoute", o -> o.onRoute(event));
    }

    @Override
    public void onRejected(RejectedEvent event) {
        each("onRejected", o -> o.onRejected(event));
    }

    @Override
    public void onTimeout(TimeoutEvent event) {
        each("onTimeout", o -> o.onTimeout(event));
    }

    @Override
    public void onHedge(HedgeEvent event) {
        each("onHedge", o -> o.onHedge(event));
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent event) {
        each("onCircuitStateChange", o -> o.onCircuitStateChange(event));
    }

    @Override
    public void onGuardrail(GuardrailEvent event) {
        each("onGuardrail", o -> o.onGuardrail(event));
    }

    @Override
    public void onWait(WaitEvent event) {
        each("onWait", o -> o.onWait(event));
    }

    @Override
    public void onBudget(BudgetEvent event) {
        each("onBudget", o -> o.onBudget(event));
    }

    @Override
    public String toString() {
        return "Observers" + all;
    }

    /** Several observers' scopes as one: made current in order, closed and ended in reverse. */
    private record Scopes(List<OperationScope> scopes) implements OperationScope {
        @Override
        public Current makeCurrent() {
            List<Current> made = new ArrayList<>(scopes.size());
            for (OperationScope s : scopes) {
                try {
                    made.add(s.makeCurrent());
                } catch (RuntimeException e) {
                    LOG.warn("Observer scope {} threw in makeCurrent; the call goes on", s, e);
                }
            }
            return () -> {
                for (int i = made.size() - 1; i >= 0; i--) {
                    try {
                        made.get(i).close();
                    } catch (RuntimeException e) {
                        LOG.warn("Observer scope threw in close; the call goes on", e);
                    }
                }
            };
        }

        @Override
        public void end(Outcome outcome) {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                try {
                    scopes.get(i).end(outcome);
                } catch (RuntimeException e) {
                    LOG.warn("Observer scope {} threw in end; the call goes on", scopes.get(i), e);
                }
            }
        }
    }
}
