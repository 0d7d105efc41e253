package dev.llmkit.api.store;

import dev.llmkit.api.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RateLimitStore} in this JVM's memory, lock-free: each key holds an immutable snapshot of its levels,
 * replaced by compare-and-set, so contending callers retry instead of blocking and no grant is lost. Time comes from
 * the {@link Scheduler}'s monotonic clock. Keys are never evicted; use a bounded number of them.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
    private final Scheduler clock;
    private final ConcurrentHashMap<String, AtomicReference<Levels>> groups = new ConcurrentHashMap<>();

    /** A store whose buckets refill by {@code clock}'s {@link Scheduler#nanoTime()}. */
    public InMemoryRateLimitStore(Scheduler clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store on the system clock. */
    public InMemoryRateLimitStore() {
        this(Scheduler.system());
    }

    /** The levels of one group at one instant; never changed once published. */
    private record Levels(double[] level, long at) {
    }

    private AtomicReference<Levels> group(String key, List<TokenBucket> buckets) {
        AtomicReference<Levels> ref = groups.get(key);
        if (ref != null) {
            return ref;
        }
        return groups.computeIfAbsent(key, k -> {
            double[] full = new double[buckets.size()];
            for (int i = 0; i < full.length; i++) {
                full[i] = buckets.get(i).capacity();
            }
            return new AtomicReference<>(new Levels(full, clock.nanoTime()));
        });
    }

    private static void check(List<TokenBucket> buckets, double[] amounts) {
        if (buckets.isEmpty() || buckets.size() != amounts.length) {
            throw new IllegalArgumentException("Need one amount per bucket, got " + amounts.length + " for "
                    + buckets.size() + " buckets");
        }
    }

    /** The levels of {@code current} refilled up to {@code now}, in a new array. */
    private static double[] refilled(Levels current, List<TokenBucket> buckets, long now) {
        long elapsed = Math.max(0, now - current.at);
        double[] level = current.level.clone();
        if (level.length != buckets.size()) {
            throw new IllegalArgumentException("This key was used with " + level.length + " buckets, now with "
                    + buckets.size() + "; use one key per bucket group");
        }
        for (int i = 0; i < level.length; i++) {
            TokenBucket b = buckets.get(i);
            level[i] = Math.min(b.capacity(), level[i] + elapsed / (double) b.period().toNanos() * b.capacity());
        }
        return level;
    }

    @Override
    public Acquisition tryAcquire(String key, List<TokenBucket> buckets, double[] units, Duration maxWait) {
        check(buckets, units);
        for (int i = 0; i < units.length; i++) {
            if (!(units[i] >= 0) || units[i] > buckets.get(i).capacity()) {
                throw new IllegalArgumentException("Cannot take " + units[i] + " units from a bucket of "
                        + buckets.get(i).capacity());
            }
        }
        long maxWaitNanos = maxWait.toNanos();
        AtomicReference<Levels> ref = group(key, buckets);
        while (true) {
            Levels current = ref.get();
            long now = Math.max(current.at, clock.nanoTime());
            double[] level = refilled(current, buckets, now);
            double waitNanos = 0;
            for (int i = 0; i < level.length; i++) {
                double need = Math.max(0, units[i] - level[i]);
                TokenBucket b = buckets.get(i);
                waitNanos = Math.max(waitNanos, need / b.capacity() * b.period().toNanos());
            }
            Duration wait = Duration.ofNanos((long) waitNanos);
            if (wait.toNanos() > maxWaitNanos) {
                return Acquisition.refused(wait);
            }
            for (int i = 0; i < level.length; i++) {
                level[i] -= units[i];
            }
            if (ref.compareAndSet(current, new Levels(level, now))) {
                return Acquisition.granted(wait);
            }
        }
    }

    @Override
    public void adjust(String key, List<TokenBucket> buckets, double[] deltas) {
        check(buckets, deltas);
        AtomicReference<Levels> ref = group(key, buckets);
        while (true) {
            Levels current = ref.get();
            long now = Math.max(current.at, clock.nanoTime());
            double[] level = refilled(current, buckets, now);
            for (int i = 0; i < level.length; i++) {
                level[i] = Math.min(buckets.get(i).capacity(), level[i] + deltas[i]);
            }
            if (ref.compareAndSet(current, new Levels(level, now))) {
                return;
            }
        }
    }

    @Override
    public double[] available(String key, List<TokenBucket> buckets) {
        Levels current = group(key, buckets).get();
        return refilled(current, buckets, Math.max(current.at, clock.nanoTime()));
    }

    @Override
    public String toString() {
        return "InMemoryRateLimitStore[" + groups.size() + " keys]";
    }
}
