package dev.llmkit.api;

import java.time.Duration;
import java.time.Instant;
import dev.llmkit.api.internal.SystemScheduler;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The source of time for everything in llmkit that waits or measures: retry delays, timeouts, breaker windows,
 * rate-limit buckets, hedging, latencies. Production code uses {@link #system()}; tests use
 * {@code ManualScheduler} from {@code llmkit-testing}, whose time moves only when the test says, so no test sleeps.
 */
public interface Scheduler {

    /** The current wall-clock instant (for deadlines). */
    Instant now();

    /** A monotonic reading in nanoseconds (for durations); only differences are meaningful. */
    long nanoTime();

    /** The wall-clock time in epoch milliseconds ({@link #now()} without an object); for hot paths. */
    default long currentTimeMillis() {
        return now().toEpochMilli();
    }

    /**
     * Blocks the calling thread for {@code duration}. A manual scheduler advances its time instead.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Runs {@code task} once after {@code delay}; the returned handle cancels it if it has not started. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A handle that cancels a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not started; idempotent. */
        void cancel();
    }

    /**
     * The system clock and a shared daemon timer thread. Scheduled tasks must be short and must never block: they run
     * on that one thread, so hand long work to an executor. A cancelled task leaves the timer queue at once.
     */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /**
     * The system clock with tasks scheduled on the given executor, which the caller owns and shuts down. For a
     * {@link java.util.concurrent.ScheduledThreadPoolExecutor}, set {@code setRemoveOnCancelPolicy(true)} so that
     * cancelled timers do not stay queued until they fall due.
     */
    static Scheduler using(ScheduledExecutorService executor) {
        return new SystemScheduler(executor);
    }
}
