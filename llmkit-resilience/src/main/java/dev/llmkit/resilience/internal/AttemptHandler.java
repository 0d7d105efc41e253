package dev.llmkit.resilience.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The handler a decorator gives one attempt: forwards output to the call's {@link SerialHandler} while the attempt
 * is the newest, and passes its end to {@link #completed} or {@link #failed} exactly once (a delegate that both
 * reports an error and throws, or a late callback of a stale attempt, is ignored).
 */
public abstract class AttemptHandler implements StreamHandler {
    private final AttemptHandle handle;
    private final int attempt;
    private final SerialHandler out;
    private final AtomicBoolean ended = new AtomicBoolean();

    /** The handler of attempt {@code attempt} of the call behind {@code handle}. */
    protected AttemptHandler(AttemptHandle handle, int attempt, SerialHandler out) {
        this.handle = handle;
        this.attempt = attempt;
        this.out = out;
    }

    private boolean live() {
        return !ended.get() && handle.isCurrent(attempt);
    }

    /** Swallowed: the call's handle was announced to the caller when the call started. */
    @Override
    public final void onStart(StreamHandle handle) {
    }

    @Override
    public void onToken(String token) {
        if (live()) {
            out.onToken(token);
        }
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        if (live()) {
            out.onToolCall(toolCall);
        }
    }

    @Override
    public final void onComplete(ChatResponse response) {
        if (handle.isCurrent(attempt) && ended.compareAndSet(false, true)) {
            out.onComplete(completed(response));
        }
    }

    @Override
    public final void onError(LlmException error) {
        if (handle.isCurrent(attempt) && ended.compareAndSet(false, true)) {
            failed(error);
        }
    }

    /** The response to pass on; by default unchanged. */
    protected ChatResponse completed(ChatResponse response) {
        return response;
    }

    /** The attempt failed: retry, fail over, or pass {@code error} on to the caller. */
    protected abstract void failed(LlmException error);
}
