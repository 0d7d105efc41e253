package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call was cancelled before it ended (by its caller, a timeout or a guardrail): its final event, so whatever a
 * listener opened at the request (a span, a gauge of calls in flight) is closed. A call ends with exactly one of
 * {@link ResponseEvent}, {@link ErrorEvent} or this.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class CancelEvent implements CallEvent {
    private final ChatRequest request;
    private final String model;
    private final int tokensDelivered;
    private final Duration elapsed;

    private CancelEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "CancelEvent: request is required");
        model = Objects.requireNonNull(b.model, "CancelEvent: model is required");
        if (b.tokensDelivered < 0) {
            throw new IllegalArgumentException("tokensDelivered must not be negative: " + b.tokensDelivered);
        }
        tokensDelivered = b.tokensDelivered;
        elapsed = Objects.requireNonNull(b.elapsed, "CancelEvent: elapsed is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The model that was streaming. */
    public String model() {
        return model;
    }

    /** Text deltas delivered before the cancel. */
    public int tokensDelivered() {
        return tokensDelivered;
    }

    /** From the call to the cancel. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "CancelEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " model=" + model + ","
                + " tokensDelivered=" + tokensDelivered + ","
                + " elapsed=" + elapsed + "}";
    }

    /** Builds a {@link CancelEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String model;
        private int tokensDelivered;
        private @Nullable Duration elapsed;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The model that was streaming. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Text deltas delivered before the cancel. */
        public Builder tokensDelivered(int tokensDelivered) {
            this.tokensDelivered = tokensDelivered;
            return this;
        }

        /** From the call to the cancel. */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        /** Builds and validates. */
        public CancelEvent build() {
            return new CancelEvent(this);
        }
    }
}
