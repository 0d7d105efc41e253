package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A hedging layer started another attempt because the first was slow.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class HedgeEvent implements CallEvent {
    private final ChatRequest request;
    private final String component;
    private final Duration delay;

    private HedgeEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "HedgeEvent: request is required");
        component = Objects.requireNonNull(b.component, "HedgeEvent: component is required");
        delay = Objects.requireNonNull(b.delay, "HedgeEvent: delay is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The hedging layer's name. */
    public String component() {
        return component;
    }

    /** How long after the first attempt it started. */
    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "HedgeEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " component=" + component + ","
                + " delay=" + delay + "}";
    }

    /** Builds a {@link HedgeEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String component;
        private @Nullable Duration delay;

        private Builder() {}

        /** The request of the hedged attempt. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The hedging layer's name. */
        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** How long after the first attempt it started. */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** Builds and validates. */
        public HedgeEvent build() {
            return new HedgeEvent(this);
        }
    }
}
