package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fallback layer left one alternative for the next.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class FallbackEvent implements CallEvent {
    private final ChatRequest request;
    private final String from;
    private final String to;
    private final LlmException cause;

    private FallbackEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "FallbackEvent: request is required");
        from = Objects.requireNonNull(b.from, "FallbackEvent: from is required");
        to = Objects.requireNonNull(b.to, "FallbackEvent: to is required");
        cause = Objects.requireNonNull(b.cause, "FallbackEvent: cause is required");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The alternative that failed. */
    public String from() {
        return from;
    }

    /** The alternative tried next. */
    public String to() {
        return to;
    }

    /** Why {@code from} failed. */
    public LlmException cause() {
        return cause;
    }

    @Override
    public String toString() {
        return "FallbackEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " from=" + from + ","
                + " to=" + to + ","
                + " cause=" + cause + "}";
    }

    /** Builds a {@link FallbackEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String from;
        private @Nullable String to;
        private @Nullable LlmException cause;

        private Builder() {}

        /** The request of the attempt on the next alternative. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The alternative that failed. */
        public Builder from(String from) {
            this.from = from;
            return this;
        }

        /** The alternative tried next. */
        public Builder to(String to) {
            this.to = to;
            return this;
        }

        /** Why {@code from} failed. */
        public Builder cause(LlmException cause) {
            this.cause = cause;
            return this;
        }

        /** Builds and validates. */
        public FallbackEvent build() {
            return new FallbackEvent(this);
        }
    }
}
