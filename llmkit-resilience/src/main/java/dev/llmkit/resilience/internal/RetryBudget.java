package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import java.time.Duration;

/**
 * Counts calls and retries over a sliding window of ten buckets and allows a retry only while
 * {@code retries + 1 <= minRetries + ratio * calls}. Thread-safe.
 */
public final class RetryBudget {
    private static final int BUCKETS = 10;

    private final Scheduler clock;
    private final double ratio;
    private final int minRetries;
    private final long bucketNanos;
    private final long[] calls = new long[BUCKETS];
    private final long[] retries = new long[BUCKETS];
    private final long[] epoch = new long[BUCKETS];

    /** A budget over {@code window}. */
    public RetryBudget(Scheduler clock, double ratio, int minRetries, Duration window) {
        this.clock = clock;
        this.ratio = ratio;
        this.minRetries = minRetries;
        this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
    }

    private int bucket(long now) {
        long e = now / bucketNanos;
        int i = (int) Math.floorMod(e, (long) BUCKETS);
        if (epoch[i] != e) {
            epoch[i] = e;
            calls[i] = 0;
            retries[i] = 0;
        }
        return i;
    }

    /** Records a first attempt. */
    public synchronized void onCall() {
        calls[bucket(clock.nanoTime())]++;
    }

    /** Takes one retry from the budget if it allows one. */
    public synchronized boolean tryRetry() {
        long now = clock.nanoTime();
        int current = bucket(now);
        long e = now / bucketNanos;
        long c = 0;
        long r = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (epoch[i] > e - BUCKETS) {
                c += calls[i];
                r += retries[i];
            }
        }
        if (r + 1 > minRetries + ratio * c) {
            return false;
        }
        retries[current]++;
        return true;
    }
}
