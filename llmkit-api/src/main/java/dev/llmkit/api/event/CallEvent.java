package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;

/**
 * An event about one call: every chat event but {@link CircuitStateEvent} is one. It says which logical call
 * ({@link #callId()}) and which attempt of it ({@link #attempt()}) it is about, so a listener can tie the retries,
 * hedges and fallbacks of one call together (one trace, one cost line).
 */
public interface CallEvent {

    /** The request of the attempt the event is about. */
    ChatRequest request();

    /** The call id that ties every attempt of one logical call together ({@link dev.llmkit.api.CallContext}). */
    default String callId() {
        return request().context().callId();
    }

    /** The number of the attempt this event is about, from 1; unique within the call. */
    default int attempt() {
        return request().attempt();
    }
}
