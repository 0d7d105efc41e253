package dev.llmkit.api.internal;

import dev.llmkit.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} over the system clock. Not part of the API: use {@link Scheduler#system()}. */
public final class SystemScheduler implements Scheduler {
    public static final SystemScheduler INSTANCE = new SystemScheduler(sharedExecutor());

    private static ScheduledThreadPoolExecutor sharedExecutor() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "llmkit-scheduler");
            t.setDaemon(true);
            return t;
        });
        // a cancelled timer leaves the queue at once instead of holding its task (and what it references) until due
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private final ScheduledExecutorService executor;

    public SystemScheduler(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Tasks waiting in the executor's queue (for tests and monitoring); -1 when the executor does not say. */
    public int queuedTasks() {
        return executor instanceof ScheduledThreadPoolExecutor e ? e.getQueue().size() : -1;
    }

    @Override
    public String toString() {
        return "Scheduler.system()";
    }
}
