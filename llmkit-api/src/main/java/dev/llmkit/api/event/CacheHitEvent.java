package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
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
    private final int tokensSaved;
    private final @Nullable BigDecimal costSaved;

    private CacheHitEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "CacheHitEvent: request is required");
        cache = Objects.requireNonNull(b.cache, "CacheHitEvent: cache is required");
        similarity = b.similarity;
        if (b.tokensSaved < 0) {
            throw new IllegalArgumentException("tokensSaved must not be negative: " + b.tokensSaved);
        }
        tokensSaved = b.tokensSaved;
        costSaved = b.costSaved;
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

    /** The input and output tokens the stored answer cost when it was made, not spent again. */
    public int tokensSaved() {
        return tokensSaved;
    }

    /** What the stored answer cost when it was made, in US dollars, when known. */
    public Optional<BigDecimal> costSaved() {
        return Optional.ofNullable(costSaved);
    }

    @Override
    public String toString() {
        return "CacheHitEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " cache=" + cache + ","
                + " similarity=" + similarity + ","
                + " tokensSaved=" + tokensSaved + ","
                + " costSaved=" + costSaved + "}";
    }

    /** Builds a {@link CacheHitEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String cache;
        private double similarity;
        private int tokensSaved;
        private @Nullable BigDecimal costSaved;

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

        /** The input and output tokens the stored answer cost when it was made, not spent again. */
        public Builder tokensSaved(int tokensSaved) {
            this.tokensSaved = tokensSaved;
            return this;
        }

        /** What the stored answer cost when it was made, in US dollars, when known; {@code null} for none. */
        public Builder costSaved(@Nullable BigDecimal costSaved) {
            this.costSaved = costSaved;
            return this;
        }

        /** Builds and validates. */
        public CacheHitEvent build() {
            return new CacheHitEvent(this);
        }
    }
}
