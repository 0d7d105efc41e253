package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A resilience layer refused a call without sending it: a full bulkhead, a rate limit, an open circuit or a spent
 * budget. The caller gets {@link #error()}.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class RejectedEvent implements CallEvent {
    private final ChatRequest request;
    private final String component;
    private final Reason reason;
    private final LlmException error;

    private RejectedEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "RejectedEvent: request is required");
        component = Objects.requireNonNull(b.component, "RejectedEvent: component is required");
        reason = Objects.requireNonNull(b.reason, "RejectedEvent: reason is required");
        error = Objects.requireNonNull(b.error, "RejectedEvent: error is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The refusing layer's name. */
    public String component() {
        return component;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    /** The typed error the caller gets. */
    public LlmException error() {
        return error;
    }

    @Override
    public String toString() {
        return "RejectedEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " component=" + component + ","
                + " reason=" + reason + ","
                + " error=" + error + "}";
    }

    /** Why a call was refused. */
    public enum Reason {
        /** A bulkhead had no free slot. */
        BULKHEAD_FULL,
        /** A client-side rate limiter had no capacity within the allowed wait. */
        RATE_LIMITED,
        /** A circuit breaker was open. */
        CIRCUIT_OPEN,
        /** A budget was spent. */
        BUDGET_EXCEEDED
    }

    /** Builds a {@link RejectedEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String component;
        private @Nullable Reason reason;
        private @Nullable LlmException error;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The refusing layer's name. */
        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** Why. */
        public Builder reason(Reason reason) {
            this.reason = reason;
            return this;
        }

        /** The typed error the caller gets. */
        public Builder error(LlmException error) {
            this.error = error;
            return this;
        }

        /** Builds and validates. */
        public RejectedEvent build() {
            return new RejectedEvent(this);
        }
    }
}
