package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call failed: its final event.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class ErrorEvent implements CallEvent {
    private final ChatRequest request;
    private final String model;
    private final LlmException error;
    private final Duration elapsed;

    private ErrorEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "ErrorEvent: request is required");
        model = Objects.requireNonNull(b.model, "ErrorEvent: model is required");
        error = Objects.requireNonNull(b.error, "ErrorEvent: error is required");
        elapsed = Objects.requireNonNull(b.elapsed, "ErrorEvent: elapsed is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The model that failed. */
    public String model() {
        return model;
    }

    /** The failure. */
    public LlmException error() {
        return error;
    }

    /** From the call to the failure. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "ErrorEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " model=" + model + ","
                + " error=" + error + ","
                + " elapsed=" + elapsed + "}";
    }

    /** Builds a {@link ErrorEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String model;
        private @Nullable LlmException error;
        private @Nullable Duration elapsed;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The model that failed. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The failure. */
        public Builder error(LlmException error) {
            this.error = error;
            return this;
        }

        /** From the call to the failure. */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        /** Builds and validates. */
        public ErrorEvent build() {
            return new ErrorEvent(this);
        }
    }
}
