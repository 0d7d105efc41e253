package dev.llmkit.batch;

import java.time.Duration;
import java.time.Instant;
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
    private final Thread[] threads;

    Workers(JobStore store, ItemRunner items, WorkQueue queue, Duration lease, int count, BooleanSupplier closed) {
        this.store = store;
        this.items = items;
        this.queue = queue;
        this.lease = lease;
        this.closed = closed;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llmkit-batch-lease");
            t.setDaemon(true);
            return t;
        });
        this.threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = new Thread(this::work, "llmkit-batch-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
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
            boolean claimed = false;
            ScheduledFuture<?> renewing = null;
            try {
                // claimed here, not when queued: a resume, or another runner on the same store, may have answered it
                if (store.claim(t.job(), t.index(), owner, Instant.now().plus(lease))) {
                    claimed = true;
                    renewing = renew(t);
                    requeue = items.run(t.job(), t.index(), t.input());
                }
            } catch (RuntimeException e) {
                if (closed.getAsBoolean()) {
                    return;
                }
                LOG.error("batch item {} of job {} could not be recorded; it is queued again", t.index(), t.job(), e);
                requeue = items.pause(Duration.ofSeconds(1));
            } finally {
                if (renewing != null) {
                    renewing.cancel(false);
                }
                if (claimed && (requeue || closed.getAsBoolean())) {
                    release(t);
                }
                if (requeue && !closed.getAsBoolean()) {
                    queue.requeue(t);
                } else {
                    queue.done(t);
                }
            }
        }
    }

    /** Renews the item's lease every third of it while it runs, so a long call is not taken for a dead one. */
    private ScheduledFuture<?> renew(WorkQueue.Task t) {
        long every = Math.max(1, lease.toMillis() / 3);
        return renewals.scheduleAtFixedRate(() -> {
            try {
                store.claim(t.job(), t.index(), owner, Instant.now().plus(lease));
            } catch (RuntimeException e) {
                LOG.warn("The lease on batch item {} of job {} could not be renewed", t.index(), t.job(), e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code period} on the lease thread until closed. */
    void every(Duration period, Runnable task) {
        renewals.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets go of an item this runner did not record, so another runner (or a resumed one) need not wait. */
    private void release(WorkQueue.Task t) {
        try {
            store.claim(t.job(), t.index(), owner, Instant.EPOCH);
        } catch (RuntimeException e) {
            LOG.debug("batch item {} of job {} stays claimed until its lease runs out", t.index(), t.job(), e);
        }
    }

    /** Stops the threads (the runner has said it is closed) and the lease renewals. */
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
        renewals.shutdownNow();
    }
}
