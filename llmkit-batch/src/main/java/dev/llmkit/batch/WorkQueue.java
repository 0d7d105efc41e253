package dev.llmkit.batch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue of a {@link BatchRunner}'s items: by job priority (highest first), then submission order. A
 * caller reserves room for a job's items before recording it, so a job that does not fit is refused whole; an item
 * counts against the bound from its reservation until a worker is {@link #done} with it, and is never queued twice.
 */
final class WorkQueue {
    /** One item waiting: higher priority first, then older. */
    record Task(int priority, long order, String job, int index, String input) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Integer.compare(o.priority, priority);
            return c != 0 ? c : Long.compare(order, o.order);
        }

        String key() {
            return job + "#" + index;
        }
    }

    private final int max;
    private final PriorityBlockingQueue<Task> queue = new PriorityBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong order = new AtomicLong();
    private final Set<String> enqueued = ConcurrentHashMap.newKeySet();

    WorkQueue(int max) {
        this.max = max;
    }

    /** Reserves room for {@code n} items or throws {@link JobQueueFullException}. */
    void reserve(int n) {
        while (true) {
            int now = queued.get();
            if (now + n > max) {
                throw new JobQueueFullException(n, max - now, max);
            }
            if (queued.compareAndSet(now, now + n)) {
                return;
            }
        }
    }

    /** Gives back room reserved for items that were not queued after all. */
    void release(int n) {
        queued.addAndGet(-n);
    }

    /** Queues a reserved item, unless it is queued already (then its reservation is released). */
    void offer(int priority, String job, int index, String input) {
        Task t = new Task(priority, order.incrementAndGet(), job, index, input);
        if (enqueued.add(t.key())) {
            queue.add(t);
        } else {
            queued.decrementAndGet();
        }
    }

    /**
     * Queues the stored pending items not queued here already that {@code canRun} accepts (a runner leaves items for
     * a model it lacks to one that has it); returns how many.
     *
     * @throws JobQueueFullException when the queue fills up (the items queued before stay queued)
     */
    int offerPending(java.util.List<JobStore.Item> pending, java.util.function.Predicate<String> canRun) {
        int n = 0;
        for (JobStore.Item item : pending) {
            if (!contains(item.job(), item.index()) && canRun.test(item.input())) {
                reserve(1);
                offer(item.priority(), item.job(), item.index(), item.input());
                n++;
            }
        }
        return n;
    }

    /** Whether the item is queued or running. */
    boolean contains(String job, int index) {
        return enqueued.contains(job + "#" + index);
    }

    /** The next item, waiting for one. */
    Task take() throws InterruptedException {
        return queue.take();
    }

    /** Puts a taken item back, keeping its place and its reservation. */
    void requeue(Task t) {
        queue.add(t);
    }

    /** A worker is done with a taken item: its room is free. */
    void done(Task t) {
        queued.decrementAndGet();
        enqueued.remove(t.key());
    }

    /** Items queued or running. */
    int size() {
        return queued.get();
    }
}
