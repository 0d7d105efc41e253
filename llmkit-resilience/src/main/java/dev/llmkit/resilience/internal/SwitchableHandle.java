package dev.llmkit.resilience.internal;

import dev.llmkit.api.StreamHandle;
import org.jspecify.annotations.Nullable;

/**
 * The handle a decorator returns when the underlying stream may be replaced (a retry, a fallback): cancelling it
 * cancels whichever attempt is current, and an attempt started after cancellation is cancelled at once.
 */
public final class SwitchableHandle implements StreamHandle {
    private @Nullable StreamHandle current;
    private boolean cancelled;

    /** Makes {@code next} the current attempt; cancels it if this handle was cancelled. */
    public void switchTo(StreamHandle next) {
        boolean cancelNow;
        synchronized (this) {
            current = next;
            cancelNow = cancelled;
        }
        if (cancelNow) {
            next.cancel();
        }
    }

    @Override
    public void cancel() {
        StreamHandle c;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            c = current;
        }
        if (c != null) {
            c.cancel();
        }
    }

    /** Cancels the current attempt without marking this handle cancelled (a decorator ends the attempt itself). */
    public void cancelCurrentOnly() {
        StreamHandle c;
        synchronized (this) {
            c = current;
        }
        if (c != null) {
            c.cancel();
        }
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }
}
