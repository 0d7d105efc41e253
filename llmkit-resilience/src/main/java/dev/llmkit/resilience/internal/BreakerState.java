package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.store.CircuitRecord;
import dev.llmkit.api.store.CircuitStateStore;
import dev.llmkit.resilience.CircuitBreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The breaker's state machine: closed with a window of recent outcomes, open until a wait passes, half-open with a
 * limited number of probes. The state lives in a {@link CircuitStateStore} under a key, so breakers sharing a store
 * and key act as one; this object keeps the last record it saw and writes the next one by compare-and-set, deciding
 * again from the current record when another breaker wrote first. All decisions of this instance happen under its
 * lock; listeners are called after it.
 *
 * <p>Every admitted call holds a <em>permit</em>: the state epoch it was admitted in, and whether it is a half-open
 * probe. An outcome is recorded only in the epoch its call was admitted in, so a slow call admitted while closed
 * that finishes during half-open is not mistaken for a probe, and a probe that finishes after the breaker re-opened
 * changes nothing. While closed, admitting a call is one volatile read of this instance's view; a transition made
 * by another breaker on the same key is seen when this one next writes (an outcome, a probe) or is asked its state.
 *
 * <p>Times in the record (when it opened, the time window's seconds) are wall-clock nanoseconds from
 * {@link Scheduler#now()}, so breakers on different machines agree on them.
 */
public final class BreakerState {
    /** What {@link #tryAcquire()} returns when the call is refused. */
    public static final long REFUSED = -1;

    private static final int CLOSED = 0;
    private static final int OPEN = 1;
    private static final int HALF_OPEN = 2;
    private static final int NONE = -1;
    // count window counters: size, next, failures, slows, then one outcome per slot (0 ok, 1 failure, 2 slow ok, 3 both)
    private static final int SIZE = 0;
    private static final int NEXT = 1;
    private static final int FAILURES = 2;
    private static final int SLOWS = 3;
    private static final int RING = 4;

    private final CircuitBreakerConfig config;
    private final Scheduler clock;
    private final BiConsumer<CircuitState, CircuitState> onTransition;
    /** Where the state is shared; null when this instance alone holds it (then {@link #seen} is the state). */
    private final @Nullable CircuitStateStore store;
    private final String key;
    private final long slowNanos;
    private final long waitInOpenNanos;
    private final boolean timeWindow;
    private final int buckets; // time window: one bucket per second, counters: seconds, calls, failures, slows
    private final int counterCount;
    /** The last record this instance saw or wrote; guarded by this. */
    private final CircuitRecord seen = new CircuitRecord();
    /** epoch << 2 | state of {@link #seen}; written under the lock, read without it. */
    private volatile long word;

    /**
     * A closed breaker whose state only this instance holds, in memory: it behaves as if on an
     * {@link dev.llmkit.api.store.InMemoryCircuitStateStore} of its own, without the copies a store makes.
     */
    public BreakerState(CircuitBreakerConfig config, Scheduler clock, BiConsumer<CircuitState, CircuitState> onTransition) {
        this(config, clock, onTransition, null, "breaker");
    }

    /**
     * A breaker whose state is {@code key} in {@code store}, shared with every breaker on the same store and key; a
     * null store keeps the state in this instance alone.
     */
    public BreakerState(CircuitBreakerConfig config, Scheduler clock, BiConsumer<CircuitState, CircuitState> onTransition,
            @Nullable CircuitStateStore store, String key) {
        this.config = config;
        this.clock = clock;
        this.onTransition = onTransition;
        this.store = store;
        this.key = key;
        this.slowNanos = config.slowCallDuration().toNanos();
        this.waitInOpenNanos = config.waitInOpen().toNanos();
        this.timeWindow = config.windowType() == CircuitBreakerConfig.WindowType.TIME;
        this.buckets = (int) Math.max(1, config.windowDuration().toSeconds());
        this.counterCount = timeWindow ? 4 * buckets : RING + config.windowSize();
        synchronized (this) {
            if (store != null) {
                store.read(key, seen);
            }
            this.word = wordOf(seen);
        }
    }

    private static int stateOf(long word) {
        return (int) (word & 3);
    }

    private static int code(CircuitState s) {
        return s == CircuitState.CLOSED ? CLOSED : s == CircuitState.OPEN ? OPEN : HALF_OPEN;
    }

    private static CircuitState publicState(int s) {
        return s == CLOSED ? CircuitState.CLOSED : s == OPEN ? CircuitState.OPEN : CircuitState.HALF_OPEN;
    }

    private static long wordOf(CircuitRecord r) {
        return r.epoch() << 2 | code(r.state());
    }

    private long nowNanos() {
        Instant now = clock.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Makes {@link #seen} ready for a decision (its counters shaped for this window) and returns the version it was
     * read at. Caller holds the lock.
     */
    private long prepare() {
        if (seen.counters().length != counterCount) {
            seen.resizeCounters(counterCount); // first use, or the window's shape changed: start it afresh
        }
        return seen.version();
    }

    /**
     * Writes {@link #seen}, decided from the record at {@code version}; when another breaker wrote first, {@code seen}
     * now holds the current record and the caller decides again. Caller holds the lock.
     */
    private boolean write(long version) {
        return store == null || store.compareAndSet(key, version, seen);
    }

    /** Publishes {@link #seen} as this instance's view; returns the change from {@code before}, or {@link #NONE}. */
    private int publish(long before) {
        long after = wordOf(seen);
        if (after == before) {
            return NONE; // no volatile write on the common path: the closed fast path's read stays uncontended
        }
        word = after;
        return stateOf(before) << 2 | stateOf(after);
    }

    /** The current state (moving open to half-open when the wait has passed), after reading the store. */
    public CircuitState state() {
        int change;
        int s;
        synchronized (this) {
            long before = word;
            if (store != null) {
                store.read(key, seen);
            }
            while (true) {
                long version = prepare();
                if (!maybeHalfOpen(seen) || write(version)) {
                    break;
                }
            }
            change = publish(before);
            s = stateOf(word);
        }
        fire(change);
        return publicState(s);
    }

    /**
     * Asks to make a call.
     *
     * @return a permit (zero or more) to hand back to {@link #record} or {@link #release}, or {@link #REFUSED}
     */
    public long tryAcquire() {
        long w = word;
        if (stateOf(w) == CLOSED) {
            return w;
        }
        int change;
        long permit;
        synchronized (this) {
            long before = word;
            while (true) {
                long version = prepare();
                boolean changed = maybeHalfOpen(seen);
                int s = code(seen.state());
                if (s == CLOSED) {
                    permit = wordOf(seen);
                } else if (s == HALF_OPEN && seen.probesIssued() < config.halfOpenCalls()) {
                    seen.probesIssued(seen.probesIssued() + 1);
                    permit = wordOf(seen);
                    changed = true;
                } else {
                    permit = REFUSED;
                }
                if (!changed || write(version)) {
                    break;
                }
            }
            change = publish(before);
        }
        fire(change);
        return permit;
    }

    /** How long until the breaker may let a probe through (zero when half-open with every probe out). */
    public synchronized Duration remainingOpen() {
        if (seen.state() != CircuitState.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, waitInOpenNanos - (nowNanos() - seen.openedAt())));
    }

    /** Records the outcome of the call admitted with {@code permit}, which took {@code elapsedNanos}. */
    public void record(long permit, boolean failure, long elapsedNanos) {
        boolean slow = elapsedNanos > slowNanos;
        int change;
        synchronized (this) {
            long before = word;
            while (true) {
                long version = prepare();
                if (!apply(seen, permit, failure, slow) || write(version)) {
                    break;
                }
            }
            change = publish(before);
        }
        fire(change);
    }

    /** Applies one outcome to {@code r}; returns whether it changed anything. */
    private boolean apply(CircuitRecord r, long permit, boolean failure, boolean slow) {
        if (permit != wordOf(r)) {
            return false; // admitted in an earlier state: says nothing about this one
        }
        int s = code(r.state());
        if (s == HALF_OPEN) {
            if (failure || slow) {
                transition(r, OPEN);
            } else {
                r.probesSucceeded(r.probesSucceeded() + 1);
                if (r.probesSucceeded() >= config.halfOpenCalls()) {
                    transition(r, CLOSED);
                }
            }
            return true;
        }
        if (s == CLOSED) {
            if (timeWindow ? recordInTime(r, failure, slow) : recordInRing(r, failure, slow)) {
                transition(r, OPEN);
            }
            return true;
        }
        return false;
    }

    /** Gives back the permit of a call that was never made or was cancelled: no outcome to record. */
    public void release(long permit) {
        int change;
        synchronized (this) {
            long before = word;
            while (true) {
                long version = prepare();
                boolean changed = permit == wordOf(seen) && code(seen.state()) == HALF_OPEN && seen.probesIssued() > 0;
                if (changed) {
                    seen.probesIssued(seen.probesIssued() - 1);
                }
                if (!changed || write(version)) {
                    break;
                }
            }
            change = publish(before);
        }
        fire(change);
    }

    /** Adds an outcome to the count window; returns whether the rates now call for opening. */
    private boolean recordInRing(CircuitRecord r, boolean failure, boolean slow) {
        long[] c = r.counters();
        int window = config.windowSize();
        int next = (int) c[NEXT];
        if (c[SIZE] == window) {
            c[FAILURES] -= c[RING + next] & 1;
            c[SLOWS] -= (c[RING + next] >> 1) & 1;
        }
        c[RING + next] = (failure ? 1 : 0) | (slow ? 2 : 0);
        c[FAILURES] += failure ? 1 : 0;
        c[SLOWS] += slow ? 1 : 0;
        c[NEXT] = next + 1 == window ? 0 : next + 1;
        if (c[SIZE] < window) {
            c[SIZE]++;
        }
        long size = c[SIZE];
        return size >= config.minimumCalls() && (c[FAILURES] >= config.failureRateThreshold() * size
                || c[SLOWS] >= config.slowCallRateThreshold() * size);
    }

    /** Adds an outcome to the time window; returns whether the rates now call for opening. */
    private boolean recordInTime(CircuitRecord r, boolean failure, boolean slow) {
        long[] c = r.counters();
        int n = buckets;
        long second = Math.floorDiv(nowNanos(), 1_000_000_000L);
        int i = (int) Math.floorMod(second, (long) n);
        if (c[i] != second) {
            c[i] = second;
            c[n + i] = 0;
            c[2 * n + i] = 0;
            c[3 * n + i] = 0;
        }
        c[n + i]++;
        c[2 * n + i] += failure ? 1 : 0;
        c[3 * n + i] += slow ? 1 : 0;
        long calls = 0;
        long fails = 0;
        long slowCalls = 0;
        for (int b = 0; b < n; b++) {
            if (c[b] > second - n) {
                calls += c[n + b];
                fails += c[2 * n + b];
                slowCalls += c[3 * n + b];
            }
        }
        return calls >= config.minimumCalls() && (fails >= config.failureRateThreshold() * calls
                || slowCalls >= config.slowCallRateThreshold() * calls);
    }

    private boolean maybeHalfOpen(CircuitRecord r) {
        if (r.state() == CircuitState.OPEN && nowNanos() - r.openedAt() >= waitInOpenNanos) {
            transition(r, HALF_OPEN);
            return true;
        }
        return false;
    }

    /** Moves the record to {@code to}, raising its epoch. */
    private void transition(CircuitRecord r, int to) {
        r.epoch(r.epoch() + 1).state(publicState(to));
        if (to == OPEN) {
            r.openedAt(nowNanos());
        }
        if (to == HALF_OPEN) {
            r.probesIssued(0).probesSucceeded(0);
        }
        if (to == CLOSED) {
            r.resizeCounters(counterCount);
        }
    }

    private void fire(int change) {
        if (change != NONE && (change >> 2) != (change & 3)) {
            onTransition.accept(publicState(change >> 2), publicState(change & 3));
        }
    }
}
