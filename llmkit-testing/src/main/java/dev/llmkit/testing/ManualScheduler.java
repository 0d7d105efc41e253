package dev.llmkit.testing;

import dev.llmkit.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time moves only when told: {@link #advance(Duration)} moves it forward and runs every
 * task that falls due, in due order; {@link #sleep(Duration)} advances instead of blocking. Tasks due now run at
 * once on the scheduling thread. Thread-safe.
 *
 * <pre>{@code
 * ManualScheduler time = new ManualScheduler();
 * RetryingChatModel retry = Retry.builder().scheduler(time)...;   // retries "wait" without sleeping
 * time.advance(Duration.ofSeconds(30));                           // fires the timeouts due within 30 s
 * }</pre>
 */
public final class ManualScheduler implements Scheduler {
    /** The instant a new manual scheduler starts at. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nanos;
    private long sequence;
    private long slept;

    /** Starts at {@link #START}. */
    public ManualScheduler() {
    }

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nanos);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Advances time by {@code duration} instead of blocking, running tasks that fall due. */
    @Override
    public void sleep(Duration duration) {
        synchronized (this) {
            slept += Math.max(0, duration.toNanos());
        }
        advance(duration);
    }

    /** The total time callers have "slept" through {@link #sleep}. */
    public synchronized Duration totalSlept() {
        return Duration.ofNanos(slept);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t;
        synchronized (this) {
            t = new Task(nanos + Math.max(0, delay.toNanos()), sequence++, task);
            tasks.add(t);
        }
        runDue();
        return () -> {
            synchronized (ManualScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task that falls due on the way, at its due time. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot go backwards: " + duration);
        }
        long target;
        synchronized (this) {
            target = nanos + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    nanos = Math.max(nanos, target);
                    return;
                }
                tasks.poll();
                nanos = Math.max(nanos, next.due);
            }
            next.runnable.run();
        }
    }

    /** Runs the tasks due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** How many tasks wait to fall due. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }

    /** The delays from now of the waiting tasks, soonest first. */
    public synchronized List<Duration> pendingDelays() {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(null);
        List<Duration> out = new ArrayList<>();
        for (Task t : sorted) {
            out.add(Duration.ofNanos(t.due - nanos));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ManualScheduler[" + now() + ", " + pendingTasks() + " pending]";
    }

    private record Task(long due, long seq, Runnable runnable) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
