package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call is about to be sent to a model.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class RequestEvent implements CallEvent {
    private final ChatRequest request;
    private final String model;
    private final Instant at;

    private RequestEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "RequestEvent: request is required");
        model = Objects.requireNonNull(b.model, "RequestEvent: model is required");
        at = Objects.requireNonNull(b.at, "RequestEvent: at is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The model it is sent to. */
    public String model() {
        return model;
    }

    /** When. */
    public Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return "RequestEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " model=" + model + ","
                + " at=" + at + "}";
    }

    /** Builds a {@link RequestEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String model;
        private @Nullable Instant at;

        private Builder() {}

        /** The request as sent. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The model it is sent to. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** When. */
        public Builder at(Instant at) {
            this.at = at;
            return this;
        }

        /** Builds and validates. */
        public RequestEvent build() {
            return new RequestEvent(this);
        }
    }
}
