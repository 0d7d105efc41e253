package dev.llmkit.resilience.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Guards a caller's handler: at most one terminal callback, nothing after it, nothing after cancellation, and a
 * count of the tokens delivered (so a decorator knows whether replaying is still safe).
 */
public final class OnceHandler implements StreamHandler {
    private final StreamHandler delegate;
    private final SwitchableHandle handle;
    private final AtomicBoolean done = new AtomicBoolean();
    private final StringBuilder delivered = new StringBuilder();
    private volatile int tokens;

    /** Guards {@code delegate}; {@code handle} tells whether the caller cancelled. */
    public OnceHandler(StreamHandler delegate, SwitchableHandle handle) {
        this.delegate = delegate;
        this.handle = handle;
    }

    /** How many tokens reached the caller. */
    public int tokens() {
        return tokens;
    }

    /** The text that reached the caller. */
    public synchronized String delivered() {
        return delivered.toString();
    }

    /** Whether a terminal callback was made. */
    public boolean isDone() {
        return done.get();
    }

    @Override
    public void onToken(String token) {
        if (done.get() || handle.isCancelled()) {
            return;
        }
        synchronized (this) {
            delivered.append(token);
            tokens++;
        }
        delegate.onToken(token);
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        if (!done.get() && !handle.isCancelled()) {
            delegate.onToolCall(toolCall);
        }
    }

    @Override
    public void onComplete(ChatResponse response) {
        if (!handle.isCancelled() && done.compareAndSet(false, true)) {
            delegate.onComplete(response);
        }
    }

    @Override
    public void onError(LlmException error) {
        if (!handle.isCancelled() && done.compareAndSet(false, true)) {
            delegate.onError(error);
        }
    }
}
