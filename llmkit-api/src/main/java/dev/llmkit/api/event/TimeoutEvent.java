package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A time limit fired: the call is cancelled and fails with a timeout (its final event, an {@link ErrorEvent}, follows
 * from the layer that reports the failure).
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class TimeoutEvent implements CallEvent {
    private final ChatRequest request;
    private final String component;
    private final Limit limit;
    private final Duration configured;
    private final Duration elapsed;

    private TimeoutEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "TimeoutEvent: request is required");
        component = Objects.requireNonNull(b.component, "TimeoutEvent: component is required");
        limit = Objects.requireNonNull(b.limit, "TimeoutEvent: limit is required");
        configured = Objects.requireNonNull(b.configured, "TimeoutEvent: configured is required");
        elapsed = Objects.requireNonNull(b.elapsed, "TimeoutEvent: elapsed is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The timing layer's name. */
    public String component() {
        return component;
    }

    /** Which limit. */
    public Limit limit() {
        return limit;
    }

    /** The limit as configured. */
    public Duration configured() {
        return configured;
    }

    /** From the call to the firing. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "TimeoutEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " component=" + component + ","
                + " limit=" + limit + ","
                + " configured=" + configured + ","
                + " elapsed=" + elapsed + "}";
    }

    /** Which time limit fired. */
    public enum Limit {
        /** The whole call, retries included. */
        TOTAL,
        /** The wait for a stream's first token. */
        FIRST_TOKEN,
        /** The gap between two streamed tokens. */
        IDLE
    }

    /** Builds a {@link TimeoutEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String component;
        private @Nullable Limit limit;
        private @Nullable Duration configured;
        private @Nullable Duration elapsed;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The timing layer's name. */
        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** Which limit. */
        public Builder limit(Limit limit) {
            this.limit = limit;
            return this;
        }

        /** The limit as configured. */
        public Builder configured(Duration configured) {
            this.configured = configured;
            return this;
        }

        /** From the call to the firing. */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        /** Builds and validates. */
        public TimeoutEvent build() {
            return new TimeoutEvent(this);
        }
    }
}
