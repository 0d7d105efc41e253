package dev.llmkit.resilience.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts calls and retries over a sliding window of sixteen buckets and allows a retry only while
 * {@code retries + 1 <= minRetries + ratio * calls}. Lock-free: a first attempt costs a shift, one array read and one
 * atomic increment, with the time the caller already read. A bucket spans a power-of-two number of nanoseconds (the
 * window divided by sixteen, rounded up), so the window may be up to twice as long as configured. A bucket rolled
 * over by two threads at once may lose a count or two; a budget is approximate by nature.
 */
public final class RetryBudget {
    private static final int BUCKETS = 16;

    private final double ratio;
    private final int minRetries;
    private final int shift;
    private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray retries = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray epoch = new AtomicLongArray(BUCKETS);

    /** A budget over {@code window}. */
    public RetryBudget(double ratio, int minRetries, Duration window) {
        this.ratio = ratio;
        this.minRetries = minRetries;
        long bucket = Math.max(1, window.toNanos() / BUCKETS);
        this.shift = 64 - Long.numberOfLeadingZeros(bucket - 1);
        for (int i = 0; i < BUCKETS; i++) {
            epoch.set(i, Long.MIN_VALUE);
        }
    }

    private int bucket(long nowNanos) {
        long e = nowNanos >> shift;
        int i = (int) (e & (BUCKETS - 1));
        long seen = epoch.get(i);
        if (seen != e && seen < e && epoch.compareAndSet(i, seen, e)) {
            calls.set(i, 0);
            retries.set(i, 0);
        }
        return i;
    }

    /** Records a first attempt made at {@code nowNanos} (a monotonic reading). */
    public void onCall(long nowNanos) {
        calls.incrementAndGet(bucket(nowNanos));
    }

    /** Takes one retry from the budget, at {@code nowNanos}, if it allows one. */
    public boolean tryRetry(long nowNanos) {
        int current = bucket(nowNanos);
        long e = nowNanos >> shift;
        long c = 0;
        long r = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (epoch.get(i) > e - BUCKETS) {
                c += calls.get(i);
                r += retries.get(i);
            }
        }
        if (r + 1 > minRetries + ratio * c) {
            return false;
        }
        retries.incrementAndGet(current);
        return true;
    }
}
