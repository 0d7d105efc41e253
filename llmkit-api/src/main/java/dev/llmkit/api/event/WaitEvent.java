package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A layer holds a call back before sending it: a client-side rate limiter waits for capacity. Reported once, before
 * the wait, with how long it will be.
 *
 * <p>Built by decorators through {@link #builder()}; new values may be added in later versions without breaking
 * listeners or builders. Immutable.
 */
public final class WaitEvent implements CallEvent {
    private final ChatRequest request;
    private final String component;
    private final Duration wait;

    private WaitEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "WaitEvent: request is required");
        component = Objects.requireNonNull(b.component, "WaitEvent: component is required");
        wait = Objects.requireNonNull(b.wait, "WaitEvent: wait is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The layer that waits, e.g. {@code rate-limiter}. */
    public String component() {
        return component;
    }

    /** How long the call is held back. */
    public Duration duration() {
        return wait;
    }

    @Override
    public String toString() {
        return "WaitEvent{callId=" + callId() + " attempt=" + attempt() + ", component=" + component + ", wait="
                + wait.toMillis() + "ms}";
    }

    /** Builds a {@link WaitEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String component;
        private @Nullable Duration wait;

        private Builder() {}

        /** The request held back. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The layer that waits. */
        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** How long. */
        public Builder duration(Duration wait) {
            this.wait = wait;
            return this;
        }

        /** Builds and validates. */
        public WaitEvent build() {
            return new WaitEvent(this);
        }
    }
}
