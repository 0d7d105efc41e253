package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The first token of a stream arrived.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class FirstTokenEvent implements CallEvent {
    private final ChatRequest request;
    private final String model;
    private final Duration timeToFirstToken;

    private FirstTokenEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "FirstTokenEvent: request is required");
        model = Objects.requireNonNull(b.model, "FirstTokenEvent: model is required");
        timeToFirstToken = Objects.requireNonNull(b.timeToFirstToken, "FirstTokenEvent: timeToFirstToken is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The model streaming. */
    public String model() {
        return model;
    }

    /** From the call to the first token. */
    public Duration timeToFirstToken() {
        return timeToFirstToken;
    }

    @Override
    public String toString() {
        return "FirstTokenEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " model=" + model + ","
                + " timeToFirstToken=" + timeToFirstToken + "}";
    }

    /** Builds a {@link FirstTokenEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String model;
        private @Nullable Duration timeToFirstToken;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The model streaming. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** From the call to the first token. */
        public Builder timeToFirstToken(Duration timeToFirstToken) {
            this.timeToFirstToken = timeToFirstToken;
            return this;
        }

        /** Builds and validates. */
        public FirstTokenEvent build() {
            return new FirstTokenEvent(this);
        }
    }
}
