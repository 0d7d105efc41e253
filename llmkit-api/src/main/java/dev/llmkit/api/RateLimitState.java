package dev.llmkit.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a provider says is left of its rate limits after a call, from its response headers (OpenAI's
 * {@code x-ratelimit-*}, Anthropic's {@code anthropic-ratelimit-*}), on success as well as on a 429: a router can
 * steer away from a deployment before it refuses. Every value is optional because servers send different subsets.
 * Immutable.
 */
public final class RateLimitState {
    /** No rate-limit headers were sent. */
    public static final RateLimitState NONE = builder().build();

    private final @Nullable Long limitRequests;
    private final @Nullable Long remainingRequests;
    private final @Nullable Duration resetRequests;
    private final @Nullable Long limitTokens;
    private final @Nullable Long remainingTokens;
    private final @Nullable Duration resetTokens;

    private RateLimitState(Builder b) {
        limitRequests = nonNegative(b.limitRequests, "limitRequests");
        remainingRequests = nonNegative(b.remainingRequests, "remainingRequests");
        resetRequests = b.resetRequests;
        limitTokens = nonNegative(b.limitTokens, "limitTokens");
        remainingTokens = nonNegative(b.remainingTokens, "remainingTokens");
        resetTokens = b.resetTokens;
        if ((resetRequests != null && resetRequests.isNegative()) || (resetTokens != null && resetTokens.isNegative())) {
            throw new IllegalArgumentException("reset times must not be negative");
        }
    }

    private static @Nullable Long nonNegative(@Nullable Long v, String what) {
        if (v != null && v < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + v);
        }
        return v;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Requests allowed per window. */
    public OptionalLong limitRequests() {
        return opt(limitRequests);
    }

    /** Requests left in the current window. */
    public OptionalLong remainingRequests() {
        return opt(remainingRequests);
    }

    /** How long until the request limit is full again. */
    public Optional<Duration> resetRequests() {
        return Optional.ofNullable(resetRequests);
    }

    /** Tokens allowed per window. */
    public OptionalLong limitTokens() {
        return opt(limitTokens);
    }

    /** Tokens left in the current window. */
    public OptionalLong remainingTokens() {
        return opt(remainingTokens);
    }

    /** How long until the token limit is full again. */
    public Optional<Duration> resetTokens() {
        return Optional.ofNullable(resetTokens);
    }

    /** Whether any value is known. */
    public boolean isKnown() {
        return limitRequests != null || remainingRequests != null || resetRequests != null || limitTokens != null
                || remainingTokens != null || resetTokens != null;
    }

    private static OptionalLong opt(@Nullable Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitState r && Objects.equals(limitRequests, r.limitRequests)
                && Objects.equals(remainingRequests, r.remainingRequests) && Objects.equals(resetRequests, r.resetRequests)
                && Objects.equals(limitTokens, r.limitTokens) && Objects.equals(remainingTokens, r.remainingTokens)
                && Objects.equals(resetTokens, r.resetTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limitRequests, remainingRequests, resetRequests, limitTokens, remainingTokens, resetTokens);
    }

    @Override
    public String toString() {
        return "RateLimitState{requests=" + remainingRequests + "/" + limitRequests + " reset " + resetRequests
                + ", tokens=" + remainingTokens + "/" + limitTokens + " reset " + resetTokens + "}";
    }

    /** Builds a {@link RateLimitState}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Long limitRequests;
        private @Nullable Long remainingRequests;
        private @Nullable Duration resetRequests;
        private @Nullable Long limitTokens;
        private @Nullable Long remainingTokens;
        private @Nullable Duration resetTokens;

        private Builder() {}

        /** Requests allowed per window; {@code null} when unknown. */
        public Builder limitRequests(@Nullable Long v) {
            limitRequests = v;
            return this;
        }

        /** Requests left; {@code null} when unknown. */
        public Builder remainingRequests(@Nullable Long v) {
            remainingRequests = v;
            return this;
        }

        /** Time until the request limit resets; {@code null} when unknown. */
        public Builder resetRequests(@Nullable Duration v) {
            resetRequests = v;
            return this;
        }

        /** Tokens allowed per window; {@code null} when unknown. */
        public Builder limitTokens(@Nullable Long v) {
            limitTokens = v;
            return this;
        }

        /** Tokens left; {@code null} when unknown. */
        public Builder remainingTokens(@Nullable Long v) {
            remainingTokens = v;
            return this;
        }

        /** Time until the token limit resets; {@code null} when unknown. */
        public Builder resetTokens(@Nullable Duration v) {
            resetTokens = v;
            return this;
        }

        /** Builds and validates. */
        public RateLimitState build() {
            return new RateLimitState(this);
        }
    }
}
