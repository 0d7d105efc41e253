package dev.llmkit.resilience.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import org.jspecify.annotations.Nullable;

/**
 * A handler that passes everything to another; decorators override the callbacks they care about (usually the
 * terminal ones) and call {@code super} to pass them on.
 */
public class ForwardingHandler implements StreamHandler {
    private final StreamHandler delegate;
    private final @Nullable StreamHandle gate;

    /** Forwards to {@code delegate}. */
    public ForwardingHandler(StreamHandler delegate) {
        this(delegate, null);
    }

    /**
     * Forwards to {@code delegate} until {@code gate} is cancelled; after that nothing passes, even from a delegate
     * that keeps calling back after its cancel.
     */
    public ForwardingHandler(StreamHandler delegate, @Nullable StreamHandle gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    private boolean open() {
        return gate == null || !gate.isCancelled();
    }

    /** Swallowed: a decorator announces its own handle to the caller, not its delegate's. */
    @Override
    public void onStart(StreamHandle handle) {
    }

    @Override
    public void onToken(String token) {
        if (open()) {
            delegate.onToken(token);
        }
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        if (open()) {
            delegate.onToolCall(toolCall);
        }
    }

    @Override
    public void onComplete(ChatResponse response) {
        if (open()) {
            delegate.onComplete(response);
        }
    }

    @Override
    public void onError(LlmException error) {
        if (open()) {
            delegate.onError(error);
        }
    }
}
