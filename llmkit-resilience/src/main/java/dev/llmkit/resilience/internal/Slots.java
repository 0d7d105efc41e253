package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A bulkhead's slots: a fixed number, taken without a lock while nobody waits, and handed straight to the oldest
 * waiter when one is returned, so waiters are served in order and a returned slot is never lost.
 */
public final class Slots {
    private final AtomicInteger free;
    /** Waiters granted on this thread while it is already granting one; see {@link #hand}. */
    private static final ThreadLocal<@Nullable ArrayDeque<Waiter>> GRANTING = new ThreadLocal<>();
    /** Calls waiting for a slot, oldest first; guarded by itself. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private volatile int waiting;

    /** {@code count} free slots. */
    public Slots(int count) {
        this.free = new AtomicInteger(count);
    }

    /** Free slots now. */
    public int available() {
        return free.get();
    }

    /** Takes a slot if one is free and nobody queues before us. */
    public boolean tryTake() {
        return waiting == 0 && takeFree();
    }

    /** Returns a slot: hands it straight to the oldest waiter, if any. */
    public void release() {
        Waiter w = null;
        if (waiting > 0) {
            synchronized (waiters) {
                w = waiters.poll();
                waiting = waiters.size();
                if (w == null) {
                    free.incrementAndGet();
                }
            }
        } else {
            free.incrementAndGet();
            if (waiting > 0) {
                // a waiter queued (seeing no free slot) between our check and our return of the slot
                synchronized (waiters) {
                    if (!waiters.isEmpty() && takeFree()) {
                        w = waiters.poll();
                        waiting = waiters.size();
                    }
                }
            }
        }
        if (w != null) {
            hand(w);
        }
    }

    /**
     * Hands a slot to {@code w}. A granted stream starts on this thread and may end at once, returning its slot and
     * granting the next waiter: such grants run one after another here instead of nesting, so a long queue of streams
     * that end at once never overflows the stack.
     */
    private static void hand(Waiter w) {
        ArrayDeque<Waiter> pending = GRANTING.get();
        if (pending != null) {
            pending.add(w); // already granting on this thread: runs when the current grant returns
            return;
        }
        pending = new ArrayDeque<>();
        GRANTING.set(pending);
        RuntimeException failure = null;
        try {
            for (Waiter next = w; next != null; next = pending.poll()) {
                try {
                    next.grant();
                } catch (RuntimeException e) {
                    // every queued waiter holds a slot: keep handing them out, then report the first failure
                    failure = failure == null ? e : failure;
                }
            }
        } finally {
            GRANTING.remove();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private boolean takeFree() {
        for (int f = free.get(); f > 0; f = free.get()) {
            if (free.compareAndSet(f, f - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Queues {@code w} unless a slot is free (then returns false: the caller holds a slot). It publishes the queue's
     * size before it looks at the free count, and {@link #release} returns a slot before it looks at the queue's size,
     * so at least one of them sees the other: a slot returned while {@code w} queues is never lost.
     */
    public boolean enqueue(Waiter w) {
        Waiter head = null;
        synchronized (waiters) {
            waiters.add(w);
            waiting = waiters.size();
            if (takeFree()) {
                head = waiters.poll();
                waiting = waiters.size();
                if (head == w) {
                    return false;
                }
            }
        }
        if (head != null) {
            hand(head); // a slot was free while others queued before us: it goes to the oldest
        }
        return true;
    }

    /** Removes {@code w} if it still waits; false when a slot was already handed to it. */
    public boolean withdraw(Waiter w) {
        synchronized (waiters) {
            boolean removed = waiters.remove(w);
            waiting = waiters.size();
            return removed;
        }
    }

    /** A call waiting for a slot. */
    public static final class Waiter {
        private final Runnable onGrant;
        private volatile Scheduler.@Nullable Cancellable timer;
        private volatile boolean granted;

        /** A waiter that runs {@code onGrant} when a slot is handed to it. */
        public Waiter(Runnable onGrant) {
            this.onGrant = onGrant;
        }

        /** The timer that gives up waiting; cancelled at once if the slot came first. */
        public void timer(Scheduler.Cancellable t) {
            timer = t;
            if (granted) {
                t.cancel(); // the slot came before the timer was set
            }
        }

        /** Cancels the give-up timer. */
        public void cancelTimer() {
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
        }

        void grant() {
            granted = true;
            cancelTimer();
            onGrant.run();
        }
    }
}
