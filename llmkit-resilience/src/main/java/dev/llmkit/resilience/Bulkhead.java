package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.BulkheadFullException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.resilience.internal.ForwardingHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Limits concurrent calls (streams count until their terminal callback or cancellation). A call that finds no free
 * slot waits up to {@code maxWait} on the calling thread, then is refused with {@link BulkheadFullException}.
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

    private final ChatModel delegate;
    private final int maxConcurrent;
    private final Duration maxWait;
    private final Semaphore slots;
    private final String name;

    private Bulkhead(ChatModel delegate, String name, int maxConcurrent, Duration maxWait) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = name;
        this.maxConcurrent = maxConcurrent;
        this.maxWait = maxWait;
        this.slots = new Semaphore(maxConcurrent, true);
    }

    /** A bulkhead of {@code maxConcurrent} slots with a bounded wait. */
    public static Bulkhead of(ChatModel delegate, int maxConcurrent, Duration maxWait) {
        return new Bulkhead(delegate, "bulkhead", maxConcurrent, maxWait);
    }

    /** Free slots now. */
    public int availableSlots() {
        return slots.availablePermits();
    }

    private void acquire() {
        boolean ok;
        try {
            ok = maxWait.isZero() ? slots.tryAcquire() : slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok) {
            throw new BulkheadFullException("All " + maxConcurrent + " slots of bulkhead '" + name + "' are busy"
                    + (maxWait.isZero() ? "" : " after waiting " + maxWait.toMillis() + " ms")
                    + "; lower the load, raise the limit, or add a fallback.", name);
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        acquire();
        try {
            return delegate.chat(request);
        } finally {
            slots.release();
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        acquire();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
        StreamHandle h;
        try {
            h = delegate.stream(request, new ForwardingHandler(handler) {
                @Override
                public void onComplete(ChatResponse response) {
                    release.run();
                    super.onComplete(response);
                }

                @Override
                public void onError(LlmException error) {
                    release.run();
                    super.onError(error);
                }
            });
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return new StreamHandle() {
            @Override
            public void cancel() {
                h.cancel();
                release.run();
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
}
