package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.BulkheadFullException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.ForwardingHandler;
import dev.llmkit.resilience.internal.Streams;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Limits concurrent calls (streams count until their terminal callback or cancellation). A call that finds no free
 * slot waits up to {@code maxWait} (never past the request's deadline), first come first served, then is refused
 * with {@link BulkheadFullException}. A sync {@code chat} waits on the calling thread; a {@code stream} never blocks:
 * it queues, returns its handle at once, and starts on the thread that frees a slot (or fails with one timer when
 * the wait passes). So a bulkhead is safe inside a retry whose next attempt starts on the shared scheduler thread.
 * Every refusal is reported once to the listener as a {@link RejectedEvent} ({@code BULKHEAD_FULL}).
 *
 * <pre>{@code
 * ChatModel model = Bulkhead.of(provider, 32, Duration.ofMillis(100));
 * }</pre>
 */
public final class Bulkhead implements ChatModel {
    /** Default concurrent calls. */
    public static final int DEFAULT_MAX_CONCURRENT = 64;
    /** Default wait for a slot. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;
    /** Default name. */
    public static final String DEFAULT_NAME = "bulkhead";

    private final ChatModel delegate;
    private final int maxConcurrent;
    private final Duration maxWait;
    private final Scheduler scheduler;
    private final String name;
    private final ChatModelListener listener;
    private final AtomicInteger free;
    /** Waiters granted on this thread while it is already granting one; see {@link #hand}. */
    private static final ThreadLocal<@Nullable ArrayDeque<Waiter>> GRANTING = new ThreadLocal<>();
    /** Calls waiting for a slot, oldest first; guarded by itself. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private volatile int waiting;

    private Bulkhead(ChatModel delegate, String name, int maxConcurrent, Duration maxWait, Scheduler scheduler,
            ChatModelListener listener) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = Objects.requireNonNull(name, "name");
        this.maxConcurrent = maxConcurrent;
        this.maxWait = maxWait;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = ChatModelListener.safe(listener);
        this.free = new AtomicInteger(maxConcurrent);
    }

    /** A bulkhead of {@code maxConcurrent} slots with a bounded wait, on the system scheduler. */
    public static Bulkhead of(ChatModel delegate, int maxConcurrent, Duration maxWait) {
        return builder(delegate).maxConcurrent(maxConcurrent).maxWait(maxWait).build();
    }

    /** A bulkhead whose stream waits are timed on {@code scheduler}. */
    public static Bulkhead of(ChatModel delegate, int maxConcurrent, Duration maxWait, Scheduler scheduler) {
        return builder(delegate).maxConcurrent(maxConcurrent).maxWait(maxWait).scheduler(scheduler).build();
    }

    /** Starts a builder. */
    public static Builder builder(ChatModel delegate) {
        return new Builder(delegate);
    }

    /** Free slots now. */
    public int availableSlots() {
        return free.get();
    }

    /** Takes a slot if one is free and nobody queues before us. */
    private boolean tryTake() {
        return waiting == 0 && takeFree();
    }

    /** Returns a slot: hands it straight to the oldest waiter, if any. */
    private void release() {
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
    private boolean enqueue(Waiter w) {
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
    private boolean withdraw(Waiter w) {
        synchronized (waiters) {
            boolean removed = waiters.remove(w);
            waiting = waiters.size();
            return removed;
        }
    }

    private long waitNanos(ChatRequest request) {
        return Math.min(maxWait.toNanos(), Streams.nanosLeft(request, scheduler));
    }

    /** The refusal of {@code request}, reported to the listener once; the caller throws or delivers it once. */
    private BulkheadFullException reject(ChatRequest request, long waitedNanos) {
        BulkheadFullException e = full(waitedNanos);
        listener.onRejected(RejectedEvent.builder().request(request).component(name)
                .reason(RejectedEvent.Reason.BULKHEAD_FULL).error(e).build());
        return e;
    }

    private BulkheadFullException full(long waitedNanos) {
        return new BulkheadFullException("All " + maxConcurrent + " slots of bulkhead '" + name + "' are busy"
                + (waitedNanos <= 0 ? "" : " after waiting " + waitedNanos / 1_000_000 + " ms")
                + "; lower the load, raise the limit, or add a fallback.", name);
    }

    /** Waits on the calling thread (up to {@code maxWait} and the request's deadline). */
    @Override
    public ChatResponse chat(ChatRequest request) {
        if (!tryTake()) {
            long wait = waitNanos(request);
            if (wait <= 0) {
                throw reject(request, 0);
            }
            CountDownLatch granted = new CountDownLatch(1);
            Waiter w = new Waiter(granted::countDown);
            if (enqueue(w)) {
                boolean got;
                try {
                    got = granted.await(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    got = false;
                }
                if (!got && withdraw(w)) {
                    throw reject(request, wait);
                }
            }
        }
        try {
            return delegate.chat(request);
        } finally {
            release();
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        AttemptHandle handle = new AttemptHandle();
        int id = handle.begin();
        if (!Streams.announce(handler, handle)) {
            return handle;
        }
        if (tryTake()) {
            handle.set(id, startHolding(request, handler, handle));
            return handle;
        }
        long wait = waitNanos(request);
        if (wait <= 0) {
            handler.onError(reject(request, 0));
            return handle;
        }
        Waiter[] self = new Waiter[1];
        self[0] = new Waiter(() -> {
            if (handle.isCancelled()) {
                release();
            } else {
                handle.set(id, startHolding(request, handler, handle));
            }
        });
        if (!enqueue(self[0])) {
            handle.set(id, startHolding(request, handler, handle));
            return handle;
        }
        handle.onCancel(() -> {
            if (withdraw(self[0])) {
                self[0].cancelTimer();
            }
        });
        Scheduler.Cancellable timer = Streams.trySchedule(scheduler, Duration.ofNanos(wait), () -> {
            if (withdraw(self[0]) && !handle.isCancelled()) {
                handler.onError(reject(request, wait));
            }
        });
        if (timer == null) {
            if (withdraw(self[0])) {
                handler.onError(Streams.schedulerRejected("the bulkhead"));
            }
            return handle;
        }
        self[0].timer(timer);
        if (handle.isCancelled()) {
            self[0].cancelTimer(); // cancelled before the timer was stored
        }
        return handle;
    }

    /** Starts the delegate's stream on a slot we hold; the slot returns at its end or on cancel. */
    private StreamHandle startHolding(ChatRequest request, StreamHandler handler, StreamHandle gate) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable giveBack = () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        };
        StreamHandle h = Streams.start(delegate, request, new ForwardingHandler(handler, gate) {
            // one terminal only, even from a delegate that reports and then throws
            @Override
            public void onComplete(ChatResponse response) {
                if (released.compareAndSet(false, true)) {
                    release();
                    super.onComplete(response);
                }
            }

            @Override
            public void onError(LlmException error) {
                if (released.compareAndSet(false, true)) {
                    release();
                    super.onError(error);
                }
            }
        });
        return new StreamHandle() {
            @Override
            public void cancel() {
                h.cancel();
                giveBack.run();
            }

            @Override
            public boolean isCancelled() {
                return h.isCancelled();
            }
        };
    }

    /** A call waiting for a slot. */
    private static final class Waiter {
        private final Runnable onGrant;
        private volatile Scheduler.@Nullable Cancellable timer;
        private volatile boolean granted;

        Waiter(Runnable onGrant) {
            this.onGrant = onGrant;
        }

        void timer(Scheduler.Cancellable t) {
            timer = t;
            if (granted) {
                t.cancel(); // the slot came before the timer was set
            }
        }

        void cancelTimer() {
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

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "Bulkhead[" + maxConcurrent + "](" + delegate + ")";
    }

    /** Builds a {@link Bulkhead}. */
    public static final class Builder {
        private final ChatModel delegate;
        private String name = DEFAULT_NAME;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;

        private Builder(ChatModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** The name in refusals and events; default {@value #DEFAULT_NAME}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Calls in flight at most; default {@value #DEFAULT_MAX_CONCURRENT}. */
        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** The longest a call waits for a slot; default {@link #DEFAULT_MAX_WAIT} (refuse at once). */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /** Times stream waits; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives a rejection event for every refused call. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the bulkhead. */
        public Bulkhead build() {
            return new Bulkhead(delegate, name, maxConcurrent, maxWait, scheduler, listener);
        }
    }
}
