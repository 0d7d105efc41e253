package dev.llmkit.api.store;

import dev.llmkit.api.event.CircuitState;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffer for the shared state of one circuit breaker, as exchanged with a {@link CircuitStateStore}: its state, the
 * epoch of that state (raised by every transition, so a call admitted in an earlier state can be told apart), when it
 * opened, its half-open probe counts and its outcome window. The window is a {@code long[]} whose layout belongs to
 * the breaker; the store keeps it as given. {@link #version()} is raised by every write and is what compare-and-set
 * compares.
 *
 * <p>A record is a mutable buffer, not a value: the breaker owns its records and reuses them, so recording an outcome
 * allocates nothing. Not thread-safe; a store copies into and out of it and never keeps it.
 */
public final class CircuitRecord {
    private static final long[] NONE = new long[0];

    private long version;
    private long epoch;
    private CircuitState state = CircuitState.CLOSED;
    private long openedAt;
    private int probesIssued;
    private int probesSucceeded;
    private long[] counters = NONE;

    /** A record of a breaker never written: closed, epoch 0, version 0, no counters. */
    public CircuitRecord() {
    }

    /** Makes this record a copy of {@code other}, counters included. */
    public CircuitRecord copyFrom(CircuitRecord other) {
        version = other.version;
        epoch = other.epoch;
        state = other.state;
        openedAt = other.openedAt;
        probesIssued = other.probesIssued;
        probesSucceeded = other.probesSucceeded;
        if (counters.length != other.counters.length) {
            counters = other.counters.length == 0 ? NONE : new long[other.counters.length];
        }
        System.arraycopy(other.counters, 0, counters, 0, counters.length);
        return this;
    }

    /** Raised by one on every write; set by the store. */
    public long version() {
        return version;
    }

    /** Sets the version; for stores. */
    public CircuitRecord version(long version) {
        this.version = version;
        return this;
    }

    /** Raised by one on every state transition. */
    public long epoch() {
        return epoch;
    }

    /** Sets the epoch. */
    public CircuitRecord epoch(long epoch) {
        this.epoch = epoch;
        return this;
    }

    /** The breaker's state. */
    public CircuitState state() {
        return state;
    }

    /** Sets the state. */
    public CircuitRecord state(CircuitState state) {
        this.state = Objects.requireNonNull(state, "state");
        return this;
    }

    /** When the breaker last opened, in nanoseconds since the Unix epoch (wall clock, so a fleet can share it). */
    public long openedAt() {
        return openedAt;
    }

    /** Sets when the breaker opened, in nanoseconds since the Unix epoch. */
    public CircuitRecord openedAt(long openedAt) {
        this.openedAt = openedAt;
        return this;
    }

    /** Probes let through in the current half-open state. */
    public int probesIssued() {
        return probesIssued;
    }

    /** Sets the probes let through. */
    public CircuitRecord probesIssued(int probesIssued) {
        this.probesIssued = probesIssued;
        return this;
    }

    /** Probes that succeeded in the current half-open state. */
    public int probesSucceeded() {
        return probesSucceeded;
    }

    /** Sets the probes that succeeded. */
    public CircuitRecord probesSucceeded(int probesSucceeded) {
        this.probesSucceeded = probesSucceeded;
        return this;
    }

    /**
     * The breaker's outcome window, in place (not a copy): the breaker reads and writes it directly. Its length is
     * zero until {@link #resizeCounters} is called.
     */
    public long[] counters() {
        return counters;
    }

    /** Gives the record {@code n} counters, all zero (keeping them when there are already {@code n}, zeroed). */
    public CircuitRecord resizeCounters(int n) {
        if (counters.length != n) {
            counters = n == 0 ? NONE : new long[n];
        } else {
            Arrays.fill(counters, 0);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CircuitRecord s && s.version == version && s.epoch == epoch && s.state == state
                && s.openedAt == openedAt && s.probesIssued == probesIssued && s.probesSucceeded == probesSucceeded
                && Arrays.equals(s.counters, counters);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Long.hashCode(epoch);
    }

    @Override
    public String toString() {
        return "CircuitRecord[" + state + ", epoch " + epoch + ", version " + version + ", " + counters.length
                + " counters]";
    }
}
