package dev.llmkit.observability.internal;

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
import dev.llmkit.observability.CallObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The running logical calls by call id, and the listener every layer reports to: each event first updates its call's
 * {@link CallState}, then goes on to the observers. Retrievals reported for a call id before the call starts (a RAG
 * answer retrieves first) wait in a small bounded map until it does.
 */
public final class Calls implements CallObserver {
    /** Call ids whose early retrievals are kept; older ones are dropped. */
    static final int MAX_PENDING = 1024;
    /** Early retrievals kept per call id; more are dropped (a call id reused for a whole batch). */
    static final int MAX_PENDING_PER_CALL = 16;

    private final Map<String, CallState> running = new ConcurrentHashMap<>();
    private final Map<String, List<RetrievalEvent>> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<RetrievalEvent>> eldest) {
            return size() > MAX_PENDING;
        }
    };
    private final CallObserver next;
    /** Whether {@link #pending} may hold anything: read without the lock on every call start. */
    private volatile boolean anyPending;

    /** Updates calls, then forwards to {@code next}. */
    public Calls(CallObserver next) {
        this.next = next;
    }

    /** Registers a starting call; false when one with its id already runs (a nested observed layer). */
    public boolean start(CallState state) {
        String id = state.request().context().callId();
        if (running.putIfAbsent(id, state) != null) {
            return false;
        }
        List<RetrievalEvent> early = null;
        if (anyPending) {
            synchronized (pending) {
                early = pending.remove(id);
                anyPending = !pending.isEmpty();
            }
        }
        if (early != null) {
            early.forEach(state::retrieval);
        }
        return true;
    }

    /** The call ended. */
    public void end(CallState state) {
        running.remove(state.request().context().callId(), state);
    }

    /** Whether a call with this id runs. */
    public boolean isRunning(String callId) {
        return running.containsKey(callId);
    }

    /** How many observed calls run now. */
    public int size() {
        return running.size();
    }

    private @Nullable CallState of(CallEvent e) {
        return running.get(e.callId());
    }

    @Override
    public void onRequest(RequestEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.attempt();
        }
        next.onRequest(event);
    }

    @Override
    public void onFirstToken(FirstTokenEvent event) {
        next.onFirstToken(event);
    }

    @Override
    public void onResponse(ResponseEvent event) {
        next.onResponse(event);
    }

    @Override
    public void onError(ErrorEvent event) {
        next.onError(event);
    }

    @Override
    public void onCancel(CancelEvent event) {
        next.onCancel(event);
    }

    @Override
    public void onRetry(RetryEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.retry();
        }
        next.onRetry(event);
    }

    @Override
    public void onFallback(FallbackEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.fallback(event.from(), event.to());
        }
        next.onFallback(event);
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.cache(true);
        }
        next.onCacheHit(event);
    }

    @Override
    public void onCacheMiss(CacheMissEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.cache(false);
        }
        next.onCacheMiss(event);
    }

    @Override
    public void onRoute(RouteEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.route(event.route());
        }
        next.onRoute(event);
    }

    @Override
    public void onRejected(RejectedEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.rejected(event.component());
        }
        next.onRejected(event);
    }

    @Override
    public void onTimeout(TimeoutEvent event) {
        next.onTimeout(event);
    }

    @Override
    public void onHedge(HedgeEvent event) {
        next.onHedge(event);
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent event) {
        next.onCircuitStateChange(event);
    }

    @Override
    public void onGuardrail(GuardrailEvent event) {
        CallState s = of(event);
        if (s != null) {
            s.guardrail(event);
        }
        next.onGuardrail(event);
    }

    @Override
    public void onWait(WaitEvent event) {
        next.onWait(event);
    }

    @Override
    public void onBudget(BudgetEvent event) {
        next.onBudget(event);
    }

    @Override
    public void onRetrieval(RetrievalEvent event) {
        event.callId().ifPresent(id -> {
            CallState s = running.get(id);
            if (s != null) {
                s.retrieval(event);
                return;
            }
            synchronized (pending) {
                // flag first, then look again: a start that read the flag as false registered before this look,
                // so the look finds it; a start that reads it later drains what is added here
                anyPending = true;
                s = running.get(id);
                if (s == null) {
                    List<RetrievalEvent> early = pending.computeIfAbsent(id, k -> new ArrayList<>(2));
                    if (early.size() < MAX_PENDING_PER_CALL) {
                        early.add(event);
                    }
                }
            }
            if (s != null) {
                s.retrieval(event);
            }
        });
        next.onRetrieval(event);
    }

    @Override
    public void onEmbedding(EmbeddingEvent event) {
        next.onEmbedding(event);
    }

    @Override
    public String toString() {
        return "Calls{running=" + running.size() + "}";
    }
}
