package dev.llmkit.resilience.internal;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.resilience.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The breaker's state machine: closed with a ring of recent outcomes, open until a wait passes, half-open with a
 * limited number of probes. All transitions happen under this object's lock; listeners are called after it.
 */
public final class BreakerState {
    private final CircuitBreakerConfig config;
    private final Scheduler clock;
    private final BiConsumer<CircuitState, CircuitState> onTransition;
    private final byte[] ring; // count window: 0 ok, 1 failure, 2 slow ok, 3 slow failure
    private final long[] bucketEpoch; // time window: one bucket per second
    private final int[] bucketCalls;
    private final int[] bucketFailures;
    private final int[] bucketSlows;
    private int size;
    private int next;
    private int failures;
    private int slows;
    private CircuitState state = CircuitState.CLOSED;
    private long openedAt;
    private int probesIssued;
    private int probesSucceeded;

    /** A closed breaker. */
    public BreakerState(CircuitBreakerConfig config, Scheduler clock, BiConsumer<CircuitState, CircuitState> onTransition) {
        this.config = config;
        this.clock = clock;
        this.onTransition = onTransition;
        this.ring = new byte[config.windowSize()];
        int seconds = (int) Math.max(1, config.windowDuration().toSeconds());
        this.bucketEpoch = new long[seconds];
        this.bucketCalls = new int[seconds];
        this.bucketFailures = new int[seconds];
        this.bucketSlows = new int[seconds];
        java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    }

    /** The current state (moving open to half-open when the wait has passed). */
    public CircuitState state() {
        CircuitState[] change = new CircuitState[2];
        CircuitState s;
        synchronized (this) {
            maybeHalfOpen(change);
            s = state;
        }
        fire(change);
        return s;
    }

    /**
     * Asks to make a call.
     *
     * @return empty when permitted, else how long until the breaker may let a probe through
     */
    public Optional<Duration> tryAcquire() {
        CircuitState[] change = new CircuitState[2];
        Optional<Duration> result;
        synchronized (this) {
            maybeHalfOpen(change);
            switch (state) {
                case CLOSED -> result = Optional.empty();
                case OPEN -> result = Optional.of(remainingOpen());
                default -> {
                    if (probesIssued < config.halfOpenCalls()) {
                        probesIssued++;
                        result = Optional.empty();
                    } else {
                        result = Optional.of(Duration.ZERO);
                    }
                }
            }
        }
        fire(change);
        return result;
    }

    /** Records a call's outcome. */
    public void record(boolean failure, Duration elapsed) {
        boolean slow = elapsed.compareTo(config.slowCallDuration()) > 0;
        CircuitState[] change = new CircuitState[2];
        synchronized (this) {
            if (state == CircuitState.HALF_OPEN) {
                if (failure || slow) {
                    transition(CircuitState.OPEN, change);
                } else if (++probesSucceeded >= config.halfOpenCalls()) {
                    transition(CircuitState.CLOSED, change);
                }
            } else if (state == CircuitState.CLOSED && config.windowType() == CircuitBreakerConfig.WindowType.TIME) {
                recordInTime(failure, slow, change);
            } else if (state == CircuitState.CLOSED) {
                if (size == ring.length) {
                    failures -= ring[next] & 1;
                    slows -= (ring[next] >> 1) & 1;
                }
                ring[next] = (byte) ((failure ? 1 : 0) | (slow ? 2 : 0));
                failures += failure ? 1 : 0;
                slows += slow ? 1 : 0;
                next = (next + 1) % ring.length;
                size = Math.min(size + 1, ring.length);
                if (size >= config.minimumCalls()) {
                    if (failures >= config.failureRateThreshold() * size || slows >= config.slowCallRateThreshold() * size) {
                        transition(CircuitState.OPEN, change);
                    }
                }
            }
        }
        fire(change);
    }

    private void recordInTime(boolean failure, boolean slow, CircuitState[] change) {
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
            transition(CircuitState.OPEN, change);
        }
    }

    /** Gives back a permission that was not used (the call was never made). */
    public synchronized void release() {
        if (state == CircuitState.HALF_OPEN && probesIssued > 0) {
            probesIssued--;
        }
    }

    private Duration remainingOpen() {
        long left = config.waitInOpen().toNanos() - (clock.nanoTime() - openedAt);
        return Duration.ofNanos(Math.max(0, left));
    }

    private void maybeHalfOpen(CircuitState[] change) {
        if (state == CircuitState.OPEN && clock.nanoTime() - openedAt >= config.waitInOpen().toNanos()) {
            transition(CircuitState.HALF_OPEN, change);
        }
    }

    private void transition(CircuitState to, CircuitState[] change) {
        CircuitState from = state;
        state = to;
        if (to == CircuitState.OPEN) {
            openedAt = clock.nanoTime();
        }
        if (to == CircuitState.HALF_OPEN) {
            probesIssued = 0;
            probesSucceeded = 0;
        }
        if (to == CircuitState.CLOSED) {
            java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE);
            size = 0;
            next = 0;
            failures = 0;
            slows = 0;
        }
        change[0] = change[0] == null ? from : change[0];
        change[1] = to;
    }

    private void fire(CircuitState[] change) {
        if (change[1] != null && change[0] != change[1]) {
            onTransition.accept(change[0], change[1]);
        }
    }
}
