package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A retry layer will retry a failed attempt after a delay. Its {@link #request()} is the new attempt's, so
 * {@link #attempt()} is the number of the attempt about to start.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class RetryEvent implements CallEvent {
    private final ChatRequest request;
    private final String component;
    private final LlmException cause;
    private final Duration delay;

    private RetryEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "RetryEvent: request is required");
        component = Objects.requireNonNull(b.component, "RetryEvent: component is required");
        cause = Objects.requireNonNull(b.cause, "RetryEvent: cause is required");
        delay = Objects.requireNonNull(b.delay, "RetryEvent: delay is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The retry layer's name. */
    public String component() {
        return component;
    }

    /** Why the previous attempt failed. */
    public LlmException cause() {
        return cause;
    }

    /** How long the layer waits first. */
    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "RetryEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " component=" + component + ","
                + " cause=" + cause + ","
                + " delay=" + delay + "}";
    }

    /** Builds a {@link RetryEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String component;
        private @Nullable LlmException cause;
        private @Nullable Duration delay;

        private Builder() {}

        /** The request of the attempt about to start. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The retry layer's name. */
        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** Why the previous attempt failed. */
        public Builder cause(LlmException cause) {
            this.cause = cause;
            return this;
        }

        /** How long the layer waits first. */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** Builds and validates. */
        public RetryEvent build() {
            return new RetryEvent(this);
        }
    }
}
