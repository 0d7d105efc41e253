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
import dev.llmkit.resilience.internal.Slots;
import dev.llmkit.resilience.internal.Streams;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final Slots slots;

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
        this.slots = new Slots(maxConcurrent);
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
        return slots.available();
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
        if (!slots.tryTake()) {
            long wait = waitNanos(request);
            if (wait <= 0) {
                throw reject(request, 0);
            }
            CountDownLatch granted = new CountDownLatch(1);
            Slots.Waiter w = new Slots.Waiter(granted::countDown);
            if (slots.enqueue(w)) {
                boolean got;
                try {
                    got = granted.await(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    got = false;
                }
                if (!got && slots.withdraw(w)) {
                    throw reject(request, wait);
                }
            }
        }
        try {
            return delegate.chat(request);
        } finally {
            slots.release();
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
        if (slots.tryTake()) {
            handle.set(id, startHolding(request, handler, handle));
            return handle;
        }
        long wait = waitNanos(request);
        if (wait <= 0) {
            handler.onError(reject(request, 0));
            return handle;
        }
        Slots.Waiter[] self = new Slots.Waiter[1];
        self[0] = new Slots.Waiter(() -> {
            if (handle.isCancelled()) {
                slots.release();
            } else {
                handle.set(id, startHolding(request, handler, handle));
            }
        });
        if (!slots.enqueue(self[0])) {
            handle.set(id, startHolding(request, handler, handle));
            return handle;
        }
        handle.onCancel(() -> {
            if (slots.withdraw(self[0])) {
                self[0].cancelTimer();
            }
        });
        Scheduler.Cancellable timer = Streams.trySchedule(scheduler, Duration.ofNanos(wait), () -> {
            if (slots.withdraw(self[0]) && !handle.isCancelled()) {
                handler.onError(reject(request, wait));
            }
        });
        if (timer == null) {
            if (slots.withdraw(self[0])) {
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
                slots.release();
            }
        };
        StreamHandle h = Streams.start(delegate, request, new ForwardingHandler(handler, gate) {
            // one terminal only, even from a delegate that reports and then throws
            @Override
            public void onComplete(ChatResponse response) {
                if (released.compareAndSet(false, true)) {
                    slots.release();
                    super.onComplete(response);
                }
            }

            @Override
            public void onError(LlmException error) {
                if (released.compareAndSet(false, true)) {
                    slots.release();
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
