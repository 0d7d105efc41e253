package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call completed; the response carries usage, latency, the model and the origin that answered and the provider's rate-limit state.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class ResponseEvent implements CallEvent {
    private final ChatRequest request;
    private final ChatResponse response;
    private final @Nullable BigDecimal cost;

    private ResponseEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "ResponseEvent: request is required");
        response = Objects.requireNonNull(b.response, "ResponseEvent: response is required");
        cost = b.cost;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The answer. */
    public ChatResponse response() {
        return response;
    }

    /** The cost in US dollars, when the model's prices are known. */
    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(cost);
    }

    @Override
    public String toString() {
        return "ResponseEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " response=" + response.model() + ","
                + " cost=" + cost + "}";
    }

    /** Builds a {@link ResponseEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable ChatResponse response;
        private @Nullable BigDecimal cost;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The answer. */
        public Builder response(ChatResponse response) {
            this.response = response;
            return this;
        }

        /** The cost in US dollars, when the model's prices are known; {@code null} for none. */
        public Builder cost(@Nullable BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        /** Builds and validates. */
        public ResponseEvent build() {
            return new ResponseEvent(this);
        }
    }
}
