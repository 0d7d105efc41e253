package dev.llmkit.api.event;

import java.util.List;

/**
 * Observes chat calls: every provider and decorator reports what it did to the listeners it was built with.
 * Each event is one immutable class with a builder, so events can grow without breaking listeners; every event about a
 * call carries its call id and attempt number. Every method has a no-op default.
 *
 * <p>Listeners are called on the calling or streaming thread and must be fast and thread-safe. An exception
 * thrown by a listener is logged at WARN and never reaches the call: wrap listeners with {@link #safe} or
 * {@link #composite}, as every llmkit component does.
 *
 * <pre>{@code
 * ChatModelListener log = new ChatModelListener() {
 *     public void onResponse(ResponseEvent e) {
 *         System.out.println(e.response().model() + " " + e.response().usage());
 *     }
 * };
 * }</pre>
 */
public interface ChatModelListener {

    /** Ignores every event. */
    ChatModelListener NONE = new ChatModelListener() {
        @Override
        public String toString() {
            return "ChatModelListener.NONE";
        }
    };

    /** A call is about to be sent to a model. */
    default void onRequest(RequestEvent event) {
    }

    /** The first token of a stream arrived. */
    default void onFirstToken(FirstTokenEvent event) {
    }

    /** A call completed. */
    default void onResponse(ResponseEvent event) {
    }

    /** A call failed. */
    default void onError(ErrorEvent event) {
    }

    /** A call was cancelled before it ended; like a response or an error, it is the call's final event. */
    default void onCancel(CancelEvent event) {
    }

    /** A retry layer is about to retry a failed attempt. */
    default void onRetry(RetryEvent event) {
    }

    /** A fallback layer left one model for the next. */
    default void onFallback(FallbackEvent event) {
    }

    /** A cache answered the call. */
    default void onCacheHit(CacheHitEvent event) {
    }

    /** A cache had no answer and the call goes on to the model (a near miss says what it refused). */
    default void onCacheMiss(CacheMissEvent event) {
    }

    /** A router chose a route. */
    default void onRoute(RouteEvent event) {
    }

    /** A bulkhead, rate limiter, circuit breaker or budget refused a call without sending it. */
    default void onRejected(RejectedEvent event) {
    }

    /** A time limit fired (total, first token or idle). */
    default void onTimeout(TimeoutEvent event) {
    }

    /** A hedging layer started another attempt. */
    default void onHedge(HedgeEvent event) {
    }

    /** A circuit breaker changed state. */
    default void onCircuitStateChange(CircuitStateEvent event) {
    }

    /** A guardrail rewrote, masked, blocked or re-asked (or, in monitor mode, would have). */
    default void onGuardrail(GuardrailEvent event) {
    }

    /** A layer holds a call back before sending it (a rate limiter waiting for capacity). */
    default void onWait(WaitEvent event) {
    }

    /** A budget took a call's estimate; the event says what is left. */
    default void onBudget(BudgetEvent event) {
    }

    /**
     * One listener that forwards to each of {@code listeners} in order, logging and swallowing what each throws so
     * one faulty listener neither breaks the call nor starves the others.
     */
    static ChatModelListener composite(List<? extends ChatModelListener> listeners) {
        return new CompositeListener(List.copyOf(listeners));
    }

    /** {@link #composite(List)} of the given listeners. */
    static ChatModelListener composite(ChatModelListener... listeners) {
        return composite(List.of(listeners));
    }

    /** {@code listener} with its exceptions logged at WARN instead of thrown. */
    static ChatModelListener safe(ChatModelListener listener) {
        if (listener == NONE || listener instanceof CompositeListener) {
            return listener;
        }
        return composite(List.of(listener));
    }
}
