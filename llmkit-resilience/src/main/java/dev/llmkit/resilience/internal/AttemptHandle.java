package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import org.jspecify.annotations.Nullable;

/**
 * The handle a decorator returns when a call may run several attempts one after another (retry, fallback, delayed
 * start). Each attempt gets an id from {@link #begin()}; only the newest attempt is live. Cancelling cancels the live
 * attempt and any pending timer (a retry delay), and an attempt registered after cancellation is cancelled at once.
 * A handle registered for an attempt that is no longer the newest (it ended synchronously, inside the delegate's
 * {@code stream}, and a newer attempt began) is stale and ignored, so cancel always reaches the attempt that runs.
 */
public final class AttemptHandle implements StreamHandle {
    private @Nullable StreamHandle live;
    private Scheduler.@Nullable Cancellable timer;
    private @Nullable Runnable onCancel;
    private volatile int current;
    private volatile boolean cancelled;

    /**
     * Runs {@code action} once when the call is cancelled (e.g. silence the caller's handler, stop a watch timer),
     * after the actions registered before it; at once if the call already was cancelled.
     */
    public void onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            Runnable before = onCancel;
            onCancel = before == null ? action : () -> {
                before.run();
                action.run();
            };
            now = cancelled;
        }
        if (now) {
            action.run();
        }
    }

    /** Starts a new attempt and returns its id; earlier attempts become stale. */
    public synchronized int begin() {
        live = null;
        return ++current;
    }

    /** Whether {@code attempt} is still the newest attempt. */
    public boolean isCurrent(int attempt) {
        return attempt == current;
    }

    /** Registers the handle of {@code attempt}; ignored when the attempt is stale, cancelled when the call is. */
    public void set(int attempt, StreamHandle handle) {
        boolean cancelNow;
        synchronized (this) {
            if (attempt != current) {
                return;
            }
            live = handle;
            cancelNow = cancelled;
        }
        if (cancelNow) {
            handle.cancel();
        }
    }

    /** Registers a pending timer (e.g. the wait before the next attempt), cancelled with the call. */
    public void timer(Scheduler.Cancellable pending) {
        boolean cancelNow;
        synchronized (this) {
            timer = pending;
            cancelNow = cancelled;
        }
        if (cancelNow) {
            pending.cancel();
        }
    }

    /** Cancels the live attempt only (a decorator ends the call itself, e.g. on a timeout). */
    public void cancelLive() {
        StreamHandle h;
        synchronized (this) {
            h = live;
        }
        if (h != null) {
            h.cancel();
        }
    }

    @Override
    public void cancel() {
        StreamHandle h;
        Scheduler.Cancellable t;
        Runnable action;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            h = live;
            t = timer;
            timer = null;
            action = onCancel;
        }
        if (action != null) {
            action.run();
        }
        if (t != null) {
            t.cancel();
        }
        if (h != null) {
            h.cancel();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
