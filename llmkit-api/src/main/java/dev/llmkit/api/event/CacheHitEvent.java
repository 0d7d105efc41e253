package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cache answered the call without calling the model.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class CacheHitEvent implements CallEvent {
    private final ChatRequest request;
    private final String cache;
    private final double similarity;

    private CacheHitEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "CacheHitEvent: request is required");
        cache = Objects.requireNonNull(b.cache, "CacheHitEvent: cache is required");
        similarity = b.similarity;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** Which cache, {@code "exact"} or {@code "semantic"}. */
    public String cache() {
        return cache;
    }

    /** 1.0 for an exact hit, the cosine similarity for a semantic one. */
    public double similarity() {
        return similarity;
    }

    @Override
    public String toString() {
        return "CacheHitEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " cache=" + cache + ","
                + " similarity=" + similarity + "}";
    }

    /** Builds a {@link CacheHitEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String cache;
        private double similarity;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** Which cache, {@code "exact"} or {@code "semantic"}. */
        public Builder cache(String cache) {
            this.cache = cache;
            return this;
        }

        /** 1.0 for an exact hit, the cosine similarity for a semantic one. */
        public Builder similarity(double similarity) {
            this.similarity = similarity;
            return this;
        }

        /** Builds and validates. */
        public CacheHitEvent build() {
            return new CacheHitEvent(this);
        }
    }
}
