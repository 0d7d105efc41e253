package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A cache had no answer for the call, which goes on to the model. A near miss had a stored question close
 * enough to consider and refused it: {@link #reason()} says why (below the threshold, or a verifier found a
 * difference), so thresholds can be tuned from real traffic.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class CacheMissEvent implements CallEvent {
    private final ChatRequest request;
    private final double similarity;
    private final @Nullable String reason;

    private CacheMissEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "CacheMissEvent: request is required");
        similarity = b.similarity;
        reason = b.reason;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The nearest stored question's cosine similarity, 0 when there was none. */
    public double similarity() {
        return similarity;
    }

    /** Why the nearest stored question was refused; empty for a plain miss. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return "CacheMissEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " similarity=" + similarity + ","
                + " reason=" + reason + "}";
    }

    /** Builds a {@link CacheMissEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private double similarity;
        private @Nullable String reason;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The nearest stored question's cosine similarity, 0 when there was none. */
        public Builder similarity(double similarity) {
            this.similarity = similarity;
            return this;
        }

        /** Why the nearest stored question was refused; empty for a plain miss; {@code null} for none. */
        public Builder reason(@Nullable String reason) {
            this.reason = reason;
            return this;
        }

        /** Builds and validates. */
        public CacheMissEvent build() {
            return new CacheMissEvent(this);
        }
    }
}
