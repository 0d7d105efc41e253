package dev.llmkit.api.store;

import dev.llmkit.api.event.CircuitState;
import java.util.Arrays;
import java.util.Objects;

/**
 * The shared state of one circuit breaker, as held by a {@link CircuitStateStore}: its state, the epoch of that state
 * (raised by every transition, so a call admitted in an earlier state can be told apart), when it opened, its
 * half-open probe counts and its outcome window. The window is a {@code long[]} whose layout belongs to the breaker;
 * the store keeps it as given. {@link #version()} is raised by every write and is what compare-and-set compares.
 * Immutable; build a changed copy with {@link #next()}.
 */
public final class CircuitSnapshot {
    private static final long[] NO_COUNTERS = new long[0];
    /** The state of a breaker never written: closed, epoch 0, version 0, no counters. */
    public static final CircuitSnapshot INITIAL = new CircuitSnapshot(0, 0, CircuitState.CLOSED, 0, 0, 0, NO_COUNTERS);

    private final long version;
    private final long epoch;
    private final CircuitState state;
    private final long openedAt;
    private final int probesIssued;
    private final int probesSucceeded;
    private final long[] counters;

    private CircuitSnapshot(long version, long epoch, CircuitState state, long openedAt, int probesIssued,
            int probesSucceeded, long[] counters) {
        this.version = version;
        this.epoch = epoch;
        this.state = Objects.requireNonNull(state, "state");
        this.openedAt = openedAt;
        this.probesIssued = probesIssued;
        this.probesSucceeded = probesSucceeded;
        this.counters = counters;
    }

    /** Raised by one on every write; compare-and-set succeeds only against the current version. */
    public long version() {
        return version;
    }

    /** Raised by one on every state transition. */
    public long epoch() {
        return epoch;
    }

    /** The breaker's state. */
    public CircuitState state() {
        return state;
    }

    /** When the breaker last opened, in nanoseconds since the Unix epoch (wall clock, so a fleet can share it). */
    public long openedAt() {
        return openedAt;
    }

    /** Probes let through in the current half-open state. */
    public int probesIssued() {
        return probesIssued;
    }

    /** Probes that succeeded in the current half-open state. */
    public int probesSucceeded() {
        return probesSucceeded;
    }

    /** The number of counters. */
    public int counterCount() {
        return counters.length;
    }

    /** Counter {@code i} of the breaker's outcome window. */
    public long counter(int i) {
        return counters[i];
    }

    /** A copy of the breaker's outcome window. */
    public long[] counters() {
        return counters.clone();
    }

    /** A builder for the snapshot that follows this one: the same fields, the version raised by one. */
    public Builder next() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CircuitSnapshot s && s.version == version && s.epoch == epoch && s.state == state
                && s.openedAt == openedAt && s.probesIssued == probesIssued && s.probesSucceeded == probesSucceeded
                && Arrays.equals(s.counters, counters);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Long.hashCode(epoch);
    }

    @Override
    public String toString() {
        return "CircuitSnapshot[" + state + ", epoch " + epoch + ", version " + version + "]";
    }

    /** Builds the next {@link CircuitSnapshot}. */
    public static final class Builder {
        private final long version;
        private long epoch;
        private CircuitState state;
        private long openedAt;
        private int probesIssued;
        private int probesSucceeded;
        private long[] counters;

        private Builder(CircuitSnapshot from) {
            this.version = from.version + 1;
            this.epoch = from.epoch;
            this.state = from.state;
            this.openedAt = from.openedAt;
            this.probesIssued = from.probesIssued;
            this.probesSucceeded = from.probesSucceeded;
            this.counters = from.counters;
        }

        /** Sets the epoch. */
        public Builder epoch(long epoch) {
            this.epoch = epoch;
            return this;
        }

        /** Sets the state. */
        public Builder state(CircuitState state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /** Sets when the breaker opened, in nanoseconds since the Unix epoch. */
        public Builder openedAt(long openedAt) {
            this.openedAt = openedAt;
            return this;
        }

        /** Sets the probes let through. */
        public Builder probesIssued(int probesIssued) {
            this.probesIssued = probesIssued;
            return this;
        }

        /** Sets the probes that succeeded. */
        public Builder probesSucceeded(int probesSucceeded) {
            this.probesSucceeded = probesSucceeded;
            return this;
        }

        /** Sets the outcome window; the array is copied. */
        public Builder counters(long[] counters) {
            this.counters = counters.clone();
            return this;
        }

        /** Builds the snapshot. */
        public CircuitSnapshot build() {
            return new CircuitSnapshot(version, epoch, state, openedAt, probesIssued, probesSucceeded, counters);
        }
    }
}
