package dev.llmkit.providers.internal;

import dev.llmkit.api.RateLimitState;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads a provider's rate-limit headers into a {@link RateLimitState}: OpenAI's {@code x-ratelimit-*} (resets as Go
 * durations such as {@code 6m0s} or {@code 20ms}) and Anthropic's {@code anthropic-ratelimit-*} (resets as RFC 3339
 * instants). A value that does not parse is left unknown: a malformed header must never fail a successful call.
 */
public final class RateLimits {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RateLimits() {
    }

    /** The state the headers describe, {@link RateLimitState#NONE} when they carry none; {@code now} dates resets. */
    public static RateLimitState from(Headers headers, Instant now) {
        RateLimitState.Builder b = RateLimitState.builder();
        if (headers.get("x-ratelimit-limit-requests") != null || headers.get("x-ratelimit-remaining-requests") != null
                || headers.get("x-ratelimit-remaining-tokens") != null) {
            b.limitRequests(number(headers.get("x-ratelimit-limit-requests")))
                    .remainingRequests(number(headers.get("x-ratelimit-remaining-requests")))
                    .resetRequests(goDuration(headers.get("x-ratelimit-reset-requests")))
                    .limitTokens(number(headers.get("x-ratelimit-limit-tokens")))
                    .remainingTokens(number(headers.get("x-ratelimit-remaining-tokens")))
                    .resetTokens(goDuration(headers.get("x-ratelimit-reset-tokens")));
            return b.build();
        }
        if (headers.get("anthropic-ratelimit-requests-limit") != null
                || headers.get("anthropic-ratelimit-tokens-remaining") != null
                || headers.get("anthropic-ratelimit-input-tokens-remaining") != null) {
            b.limitRequests(number(headers.get("anthropic-ratelimit-requests-limit")))
                    .remainingRequests(number(headers.get("anthropic-ratelimit-requests-remaining")))
                    .resetRequests(until(headers.get("anthropic-ratelimit-requests-reset"), now));
            // the combined token limit when sent, else the input-token limit (the one prompts exhaust first)
            String kind = headers.get("anthropic-ratelimit-tokens-remaining") != null ? "tokens" : "input-tokens";
            b.limitTokens(number(headers.get("anthropic-ratelimit-" + kind + "-limit")))
                    .remainingTokens(number(headers.get("anthropic-ratelimit-" + kind + "-remaining")))
                    .resetTokens(until(headers.get("anthropic-ratelimit-" + kind + "-reset"), now));
            return b.build();
        }
        return RateLimitState.NONE;
    }

    static @Nullable Long number(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value.trim());
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A Go duration such as {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s} or {@code 20ms}; null when it does not parse. */
    static @Nullable Duration goDuration(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Matcher m = GO_DURATION.matcher(v);
        double millis = 0;
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1_000;
                default -> n;
            };
            at = m.end();
        }
        return at == v.length() && at > 0 ? Duration.ofNanos(Math.round(millis * 1_000_000)) : null;
    }

    private static @Nullable Duration until(@Nullable String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.between(now, OffsetDateTime.parse(value.trim()).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
