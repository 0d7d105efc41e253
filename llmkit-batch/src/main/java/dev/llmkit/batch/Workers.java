package dev.llmkit.batch;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BatchRunner}'s worker threads: each takes the next item, claims it in the store under this runner's
 * owner id (renewing the lease while it runs), runs it and frees its place in the queue.
 */
final class Workers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private final JobStore store;
    private final ItemRunner items;
    private final WorkQueue queue;
    private final Duration lease;
    private final BooleanSupplier closed;
    private final String owner = UUID.randomUUID().toString();
    private final ScheduledExecutorService renewals;
    private final ScheduledExecutorService rescans;
    private final Thread[] threads;

    Workers(JobStore store, ItemRunner items, WorkQueue queue, Duration lease, int count, BooleanSupplier closed) {
        this.store = store;
        this.items = items;
        this.queue = queue;
        this.lease = lease;
        this.closed = closed;
        // renewals have a thread of their own: a slow rescan must never delay one past its lease
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "llmkit-batch-lease"));
        this.rescans = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "llmkit-batch-rescan"));
        this.threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = daemon(this::work, "llmkit-batch-" + i);
            threads[i].start();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A claimed item's lease: renewed until the worker is done with it, then never again. */
    private final class Lease {
        private final WorkQueue.Task task;
        private boolean done;
        private @org.jspecify.annotations.Nullable ScheduledFuture<?> renewing;

        Lease(WorkQueue.Task task) {
            this.task = task;
        }

        synchronized void start() {
            long every = Math.max(1, lease.toMillis() / 3);
            renewing = renewals.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        private synchronized void renew() {
            if (done) {
                return;
            }
            try {
                if (!store.claim(task.job(), task.index(), owner, lease)) {
                    done = true; // answered meanwhile, cancelled, or taken over after a stall: stop renewing
                    LOG.debug("the lease on batch item {} of job {} ended", task.index(), task.job());
                }
            } catch (RuntimeException e) {
                LOG.warn("The lease on batch item {} of job {} could not be renewed", task.index(), task.job(), e);
            }
        }

        /** Stops renewing; with {@code release}, lets go of the item so another runner need not wait. */
        synchronized void end(boolean release) {
            done = true;
            if (renewing != null) {
                renewing.cancel(false);
            }
            if (release) {
                try {
                    store.claim(task.job(), task.index(), owner, Duration.ZERO);
                } catch (RuntimeException e) {
                    LOG.debug("batch item {} of job {} stays claimed until its lease runs out", task.index(),
                            task.job(), e);
                }
            }
        }
    }

    private void work() {
        while (!closed.getAsBoolean()) {
            WorkQueue.Task t;
            try {
                t = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            boolean requeue = false;
            Lease held = null;
            try {
                // claimed here, not when queued: a resume, or another runner on the same store, may have answered it
                if (store.claim(t.job(), t.index(), owner, lease)) {
                    held = new Lease(t);
                    held.start();
                    requeue = items.run(t.job(), t.index(), t.input());
                }
            } catch (RuntimeException e) {
                if (closed.getAsBoolean()) {
                    LOG.debug("batch item {} of job {} stopped by close; it stays pending", t.index(), t.job(), e);
                    return;
                }
                LOG.error("batch item {} of job {} could not be recorded; it is queued again", t.index(), t.job(), e);
                requeue = items.pause(Duration.ofSeconds(1));
            } catch (Error e) {
                // a broken model (a StackOverflowError, an AssertionError) fails its item; the worker lives on
                LOG.error("batch item {} of job {} failed with an error; it is recorded as failed", t.index(), t.job(),
                        e);
                failQuietly(t, e);
            } finally {
                if (held != null) {
                    held.end(requeue || closed.getAsBoolean());
                }
                if (requeue && !closed.getAsBoolean()) {
                    queue.requeue(t);
                } else {
                    queue.done(t);
                }
            }
        }
    }

    private void failQuietly(WorkQueue.Task t, Error e) {
        try {
            store.fail(t.job(), t.index(), BatchRequests.failure(BatchRequests.customId(t.input(), t.index()),
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (RuntimeException recording) {
            LOG.error("batch item {} of job {} could not be recorded as failed; it stays pending", t.index(), t.job(),
                    recording);
        }
    }

    /** Runs {@code task} every {@code period} on the rescan thread until closed. */
    void every(Duration period, Runnable task) {
        rescans.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the threads (the runner has said it is closed), the rescans and the lease renewals. A worker whose model
     * call ignores the interrupt and outlasts the wait (10 s for each worker) is left to finish that call, and records its answer if the store is still
     * open.
     */
    @Override
    public void close() {
        for (Thread w : threads) {
            w.interrupt();
        }
        for (Thread w : threads) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        rescans.shutdownNow();
        renewals.shutdownNow();
        try {
            rescans.awaitTermination(5, TimeUnit.SECONDS);
            renewals.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
