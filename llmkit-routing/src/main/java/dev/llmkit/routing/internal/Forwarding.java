package dev.llmkit.routing.internal;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handler that passes every callback of one stream to another, for decorators that only change the final answer or
 * act on the end of a stream (the router stamps its route, budgets settle): they override {@link #completed} or
 * {@link #failed}. It adds no ordering of its own: the inner model's guarantees (one callback at a time,
 * {@code onStart} first, one terminal) carry through. Start the inner stream with {@link #startOn}, so that a model
 * that breaks its contract and throws from {@code stream} still ends the caller's stream with one {@code onError}.
 */
public abstract class Forwarding implements StreamHandler {
    /** The caller's handler. */
    protected final StreamHandler out;
    private volatile boolean started;
    private final AtomicBoolean ended = new AtomicBoolean();

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

    /**
     * Starts {@code model}'s stream into this handler. A {@link RuntimeException} thrown by {@code stream} (a bug in
     * that model: streams report failures through the handler) becomes the stream's one {@code onError}, after an
     * {@code onStart} with an ended handle when the model had not announced one.
     */
    public final StreamHandle startOn(ChatModel model, ChatRequest request) {
        try {
            return model.stream(request, this);
        } catch (RuntimeException e) {
            if (!started) {
                started = true;
                out.onStart(StreamHandle.ended());
            }
            onError(e instanceof LlmException l ? l : new LlmException(model + " threw " + e.getClass().getName()
                    + " from stream() instead of reporting it to the handler; this is a bug in that model.", e, false,
                    ErrorInfo.NONE));
            return StreamHandle.ended();
        }
    }

    @Override
    public final void onStart(StreamHandle handle) {
        started = true;
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
    public final void onComplete(ChatResponse response) {
        if (ended.compareAndSet(false, true)) {
            completed(response);
        }
    }

    @Override
    public final void onError(LlmException error) {
        if (ended.compareAndSet(false, true)) {
            failed(error);
        }
    }

    /** The stream completed; forwards {@code response} unless overridden. */
    protected void completed(ChatResponse response) {
        out.onComplete(response);
    }

    /** The stream failed; forwards {@code error} unless overridden. */
    protected void failed(LlmException error) {
        out.onError(error);
    }
}
