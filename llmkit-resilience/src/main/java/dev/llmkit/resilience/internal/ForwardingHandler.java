package dev.llmkit.resilience.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;

/**
 * A handler that passes everything to another; decorators override the callbacks they care about (usually the
 * terminal ones) and call {@code super} to pass them on.
 */
public class ForwardingHandler implements StreamHandler {
    private final StreamHandler delegate;

    /** Forwards to {@code delegate}. */
    public ForwardingHandler(StreamHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onToken(String token) {
        delegate.onToken(token);
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        delegate.onToolCall(toolCall);
    }

    @Override
    public void onComplete(ChatResponse response) {
        delegate.onComplete(response);
    }

    @Override
    public void onError(LlmException error) {
        delegate.onError(error);
    }
}
