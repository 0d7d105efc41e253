package dev.llmkit.api.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a provider told us about a failure: which provider, the HTTP status, its request id, how long it asked us
 * to wait, and its rate-limit headers (for example {@code x-ratelimit-remaining-tokens}).
 *
 * <p>Never holds credentials: providers copy only the headers listed by name, and no header that carries a key.
 *
 * @param provider the provider that failed, e.g. {@code "openai"}, when known
 * @param statusCode the HTTP status, when the failure came from an HTTP response
 * @param requestId the provider's request id header ({@code x-request-id}, {@code request-id}), when sent
 * @param retryAfter how long the provider asked callers to wait before retrying, never negative
 * @param rateLimits rate-limit headers as sent by the provider, lower-cased names; unmodifiable
 */
public record ErrorInfo(
        Optional<String> provider,
        Optional<Integer> statusCode,
        Optional<String> requestId,
        Optional<Duration> retryAfter,
        Map<String, String> rateLimits) {

    /** No provider details: the failure happened inside llmkit. */
    public static final ErrorInfo NONE = new ErrorInfo(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    /** Validates and copies. */
    public ErrorInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(retryAfter, "retryAfter");
        retryAfter.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative: " + d);
            }
        });
        rateLimits = Map.copyOf(Objects.requireNonNull(rateLimits, "rateLimits"));
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut for a failure with only a provider name and status. */
    public static ErrorInfo of(String provider, int statusCode) {
        return builder().provider(provider).statusCode(statusCode).build();
    }

    /** Builds an {@link ErrorInfo}. */
    public static final class Builder {
        private @Nullable String provider;
        private @Nullable Integer statusCode;
        private @Nullable String requestId;
        private @Nullable Duration retryAfter;
        private final Map<String, String> rateLimits = new LinkedHashMap<>();

        private Builder() {}

        /** The provider name, e.g. {@code "anthropic"}. */
        public Builder provider(@Nullable String provider) {
            this.provider = provider;
            return this;
        }

        /** The HTTP status. */
        public Builder statusCode(@Nullable Integer statusCode) {
            this.statusCode = statusCode;
            return this;
        }

        /** The provider's request id. */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** How long the provider asked to wait. */
        public Builder retryAfter(@Nullable Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Adds one rate-limit header. */
        public Builder rateLimit(String name, String value) {
            rateLimits.put(name.toLowerCase(java.util.Locale.ROOT), value);
            return this;
        }

        /** Builds the value. */
        public ErrorInfo build() {
            return new ErrorInfo(Optional.ofNullable(provider), Optional.ofNullable(statusCode),
                    Optional.ofNullable(requestId), Optional.ofNullable(retryAfter), rateLimits);
        }
    }
}
