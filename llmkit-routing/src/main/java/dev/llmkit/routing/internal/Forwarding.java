package dev.llmkit.routing.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;

/**
 * A handler that passes every callback of one stream to another, for decorators that only change the final answer or
 * act on the end of a stream (the router stamps its route, budgets settle). It adds no ordering of its own: the inner
 * model's guarantees (one callback at a time, {@code onStart} first, one terminal) carry through.
 */
public abstract class Forwarding implements StreamHandler {
    /** The caller's handler. */
    protected final StreamHandler out;

    /** Forwards to {@code out}. */
    protected Forwarding(StreamHandler out) {
        this.out = out;
    }

    /**
     * Ends a stream that never started: the caller's {@code onStart} with an ended handle, then {@code onError}.
     * Returns the handle.
     */
    public static StreamHandle failed(StreamHandler handler, LlmException error) {
        StreamHandle ended = StreamHandle.ended();
        handler.onStart(ended);
        handler.onError(error);
        return ended;
    }

    @Override
    public void onStart(StreamHandle handle) {
        out.onStart(handle);
    }

    @Override
    public void onToken(String token) {
        out.onToken(token);
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        out.onToolCall(toolCall);
    }

    @Override
    public void onComplete(ChatResponse response) {
        out.onComplete(response);
    }

    @Override
    public void onError(LlmException error) {
        out.onError(error);
    }
}
