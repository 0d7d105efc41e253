package dev.llmkit.api.event;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker changed state.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class CircuitStateEvent {
    private final String breaker;
    private final CircuitState from;
    private final CircuitState to;
    private final Instant at;

    private CircuitStateEvent(Builder b) {
        breaker = Objects.requireNonNull(b.breaker, "CircuitStateEvent: breaker is required");
        from = Objects.requireNonNull(b.from, "CircuitStateEvent: from is required");
        to = Objects.requireNonNull(b.to, "CircuitStateEvent: to is required");
        at = Objects.requireNonNull(b.at, "CircuitStateEvent: at is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The breaker's name. */
    public String breaker() {
        return breaker;
    }

    /** The state it left. */
    public CircuitState from() {
        return from;
    }

    /** The state it entered. */
    public CircuitState to() {
        return to;
    }

    /** When. */
    public Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return "CircuitStateEvent{"
                + " breaker=" + breaker + ","
                + " from=" + from + ","
                + " to=" + to + ","
                + " at=" + at + "}";
    }

    /** Builds a {@link CircuitStateEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String breaker;
        private @Nullable CircuitState from;
        private @Nullable CircuitState to;
        private @Nullable Instant at;

        private Builder() {}

        /** The breaker's name. */
        public Builder breaker(String breaker) {
            this.breaker = breaker;
            return this;
        }

        /** The state it left. */
        public Builder from(CircuitState from) {
            this.from = from;
            return this;
        }

        /** The state it entered. */
        public Builder to(CircuitState to) {
            this.to = to;
            return this;
        }

        /** When. */
        public Builder at(Instant at) {
            this.at = at;
            return this;
        }

        /** Builds and validates. */
        public CircuitStateEvent build() {
            return new CircuitStateEvent(this);
        }
    }
}
