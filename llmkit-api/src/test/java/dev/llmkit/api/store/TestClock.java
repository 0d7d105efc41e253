package dev.llmkit.api.store;

import dev.llmkit.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A thread-safe clock for store tests: time moves only when a test advances it. */
final class TestClock implements Scheduler {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public Instant now() {
        return START.plusNanos(nanos.get());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        throw new UnsupportedOperationException("store tests schedule nothing");
    }
}
