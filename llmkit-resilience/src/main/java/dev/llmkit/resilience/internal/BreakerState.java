package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.resilience.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The breaker's state machine: closed with a window of recent outcomes, open until a wait passes, half-open with a
 * limited number of probes. All transitions happen under this object's lock; listeners are called after it.
 *
 * <p>Every admitted call holds a <em>permit</em>: the state epoch it was admitted in, and whether it is a half-open
 * probe. An outcome is recorded only in the epoch its call was admitted in, so a slow call admitted while closed
 * that finishes during half-open is not mistaken for a probe, and a probe that finishes after the breaker re-opened
 * changes nothing. While closed, admitting a call is one volatile read.
 */
public final class BreakerState {
    /** What {@link #tryAcquire()} returns when the call is refused. */
    public static final long REFUSED = -1;

    private static final int CLOSED = 0;
    private static final int OPEN = 1;
    private static final int HALF_OPEN = 2;
    private static final int NONE = -1;

    private final CircuitBreakerConfig config;
    private final Scheduler clock;
    private final BiConsumer<CircuitState, CircuitState> onTransition;
    private final long slowNanos;
    private final long waitInOpenNanos;
    private final byte[] ring; // count window: 0 ok, 1 failure, 2 slow ok, 3 slow failure
    private final long[] bucketEpoch; // time window: one bucket per second
    private final int[] bucketCalls;
    private final int[] bucketFailures;
    private final int[] bucketSlows;
    private int size;
    private int next;
    private int failures;
    private int slows;
    /** epoch << 2 | state; written under the lock, read without it. */
    private volatile long word;
    private long openedAt;
    private int probesIssued;
    private int probesSucceeded;

    /** A closed breaker. */
    public BreakerState(CircuitBreakerConfig config, Scheduler clock, BiConsumer<CircuitState, CircuitState> onTransition) {
        this.config = config;
        this.clock = clock;
        this.onTransition = onTransition;
        this.slowNanos = config.slowCallDuration().toNanos();
        this.waitInOpenNanos = config.waitInOpen().toNanos();
        this.ring = new byte[config.windowSize()];
        int seconds = (int) Math.max(1, config.windowDuration().toSeconds());
        this.bucketEpoch = new long[seconds];
        this.bucketCalls = new int[seconds];
        this.bucketFailures = new int[seconds];
        this.bucketSlows = new int[seconds];
        Arrays.fill(bucketEpoch, Long.MIN_VALUE);
        this.word = CLOSED;
    }

    private static int stateOf(long word) {
        return (int) (word & 3);
    }

    private static CircuitState publicState(int s) {
        return s == CLOSED ? CircuitState.CLOSED : s == OPEN ? CircuitState.OPEN : CircuitState.HALF_OPEN;
    }

    /** The current state (moving open to half-open when the wait has passed). */
    public CircuitState state() {
        int change;
        int s;
        synchronized (this) {
            change = maybeHalfOpen();
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
            change = maybeHalfOpen();
            w = word;
            if (stateOf(w) == CLOSED) {
                permit = w;
            } else if (stateOf(w) == HALF_OPEN && probesIssued < config.halfOpenCalls()) {
                probesIssued++;
                permit = w;
            } else {
                permit = REFUSED;
            }
        }
        fire(change);
        return permit;
    }

    /** How long until the breaker may let a probe through (zero when half-open with every probe out). */
    public synchronized Duration remainingOpen() {
        if (stateOf(word) != OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, waitInOpenNanos - (clock.nanoTime() - openedAt)));
    }

    /** Records the outcome of the call admitted with {@code permit}, which took {@code elapsedNanos}. */
    public void record(long permit, boolean failure, long elapsedNanos) {
        boolean slow = elapsedNanos > slowNanos;
        int change = NONE;
        synchronized (this) {
            long w = word;
            if (permit != w) {
                return; // admitted in an earlier state: says nothing about this one
            }
            int s = stateOf(w);
            if (s == HALF_OPEN) {
                if (failure || slow) {
                    change = transition(OPEN);
                } else if (++probesSucceeded >= config.halfOpenCalls()) {
                    change = transition(CLOSED);
                }
            } else if (s == CLOSED && config.windowType() == CircuitBreakerConfig.WindowType.TIME) {
                change = recordInTime(failure, slow);
            } else if (s == CLOSED) {
                change = recordInRing(failure, slow);
            }
        }
        fire(change);
    }

    /** Gives back the permit of a call that was never made or was cancelled: no outcome to record. */
    public synchronized void release(long permit) {
        if (permit == word && stateOf(permit) == HALF_OPEN && probesIssued > 0) {
            probesIssued--;
        }
    }

    private int recordInRing(boolean failure, boolean slow) {
        if (size == ring.length) {
            failures -= ring[next] & 1;
            slows -= (ring[next] >> 1) & 1;
        }
        ring[next] = (byte) ((failure ? 1 : 0) | (slow ? 2 : 0));
        failures += failure ? 1 : 0;
        slows += slow ? 1 : 0;
        next = next + 1 == ring.length ? 0 : next + 1;
        if (size < ring.length) {
            size++;
        }
        if (size >= config.minimumCalls()
                && (failures >= config.failureRateThreshold() * size || slows >= config.slowCallRateThreshold() * size)) {
            return transition(OPEN);
        }
        return NONE;
    }

    private int recordInTime(boolean failure, boolean slow) {
        long second = clock.nanoTime() / 1_000_000_000L;
        int n = bucketEpoch.length;
        int i = (int) Math.floorMod(second, (long) n);
        if (bucketEpoch[i] != second) {
            bucketEpoch[i] = second;
            bucketCalls[i] = 0;
            bucketFailures[i] = 0;
            bucketSlows[i] = 0;
        }
        bucketCalls[i]++;
        bucketFailures[i] += failure ? 1 : 0;
        bucketSlows[i] += slow ? 1 : 0;
        int calls = 0;
        int fails = 0;
        int slowCalls = 0;
        for (int b = 0; b < n; b++) {
            if (bucketEpoch[b] > second - n) {
                calls += bucketCalls[b];
                fails += bucketFailures[b];
                slowCalls += bucketSlows[b];
            }
        }
        if (calls >= config.minimumCalls() && (fails >= config.failureRateThreshold() * calls
                || slowCalls >= config.slowCallRateThreshold() * calls)) {
            return transition(OPEN);
        }
        return NONE;
    }

    private int maybeHalfOpen() {
        if (stateOf(word) == OPEN && clock.nanoTime() - openedAt >= waitInOpenNanos) {
            return transition(HALF_OPEN);
        }
        return NONE;
    }

    /** Moves to {@code to}; returns the change as {@code from << 2 | to} for {@link #fire}. */
    private int transition(int to) {
        int from = stateOf(word);
        word = ((word >>> 2) + 1) << 2 | to;
        if (to == OPEN) {
            openedAt = clock.nanoTime();
        }
        if (to == HALF_OPEN) {
            probesIssued = 0;
            probesSucceeded = 0;
        }
        if (to == CLOSED) {
            Arrays.fill(bucketEpoch, Long.MIN_VALUE);
            size = 0;
            next = 0;
            failures = 0;
            slows = 0;
        }
        return from << 2 | to;
    }

    private void fire(int change) {
        if (change != NONE && (change >> 2) != (change & 3)) {
            onTransition.accept(publicState(change >> 2), publicState(change & 3));
        }
    }
}
