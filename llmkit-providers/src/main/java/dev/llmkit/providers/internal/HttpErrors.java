package dev.llmkit.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.ConnectionException;
import dev.llmkit.api.error.ContentBlockedException;
import dev.llmkit.api.error.ContextLengthExceededException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ModelNotFoundException;
import dev.llmkit.api.error.OverloadedException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Maps HTTP failures to llmkit's exception types, keeping status, request id, Retry-After and rate-limit headers.
 * Messages quote the provider's own error message (at most {@value #MAX_MESSAGE} characters) and never a header
 * that carries credentials.
 */
public final class HttpErrors {
    /** The longest provider message quoted in an exception. */
    public static final int MAX_MESSAGE = 500;

    private HttpErrors() {}

    /** The exception for an HTTP error response, with key-shaped tokens masked. */
    public static LlmException fromResponse(String provider, int status, Headers headers, String body, Instant now) {
        return fromResponse(provider, status, headers, body, now, null);
    }

    /**
     * The exception for an HTTP error response. The body is quoted with {@code secret} (the configured API key) and
     * every key-shaped token masked, since servers echo keys in error messages.
     */
    public static LlmException fromResponse(String provider, int status, Headers headers, String body, Instant now,
            @Nullable String secret) {
        ErrorInfo info = info(provider, status, headers, now);
        String detail = Secrets.redact(providerMessage(body), secret);
        String code = providerCode(body).toLowerCase(Locale.ROOT);
        String lower = detail.toLowerCase(Locale.ROOT);
        String prefix = provider + " returned HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        String rid = info.requestId().map(r -> " (request id " + r + ")").orElse("");
        if (status == 429) {
            if (code.contains("insufficient_quota")) {
                return new RateLimitedException(prefix + rid + ". The account is out of quota: check billing;"
                        + " retrying will not help until it is raised.", null, info);
            }
            return new RateLimitedException(prefix + rid + ". Rate limited: retry after "
                    + info.retryAfter().map(d -> d.toMillis() + " ms").orElse("a backoff")
                    + ", or lower the request rate.", null, info);
        }
        if (status == 529 || code.contains("overloaded")) {
            return new OverloadedException(prefix + rid + ". The provider is overloaded: retry later or fail over.",
                    null, info);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(prefix + rid + ". Check the API key and its permissions.", null, info);
        }
        if (status == 408) {
            return new LlmTimeoutException(prefix + rid + ". The provider timed out the request; retry.", null, info);
        }
        if (status == 400 || status == 413 || status == 422) {
            if (code.contains("context_length") || lower.contains("context length") || lower.contains("context_length")
                    || lower.contains("maximum context") || lower.contains("too many tokens")
                    || lower.contains("prompt is too long")) {
                return new ContextLengthExceededException(prefix + rid + ". Shorten the messages, lower maxOutputTokens,"
                        + " or use a model with a larger context window.", null, info);
            }
            if (code.contains("content_filter") || code.contains("content_policy")) {
                return new ContentBlockedException(prefix + rid + ". The provider's content filter blocked the request.",
                        null, info);
            }
            return new InvalidRequestException(prefix + rid + ". Fix the request; retrying will not help.", null, info);
        }
        if (status == 404) {
            return new ModelNotFoundException(prefix + rid + ". Check the model name and the base URL (it usually ends"
                    + " in /v1).", null, info);
        }
        if (status == 409) {
            return new InvalidRequestException(prefix + rid + ". The request conflicts with the provider's state.",
                    null, info);
        }
        if (status >= 500) {
            return new ServerErrorException(prefix + rid + ". The provider failed; retry or fail over.", null, info);
        }
        return new InvalidRequestException(prefix + rid + ". Unexpected status.", null, info);
    }

    /** The exception for an I/O failure before or during a response. */
    public static LlmException fromIo(String provider, IOException e, ErrorInfo info) {
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return new LlmTimeoutException(provider + " did not answer in time (" + e.getMessage()
                    + "); the call was abandoned. Retry, or raise the timeout or the request's deadline.", e, info);
        }
        return new ConnectionException("Connection to " + provider + " failed: " + Secrets.redact(e.toString(), null)
                + ". Check the base URL and that the server is running; retry.", e, info);
    }

    /** The provider details of a response. */
    public static ErrorInfo info(String provider, int status, Headers headers, Instant now) {
        ErrorInfo.Builder b = ErrorInfo.builder().provider(provider).statusCode(status).requestId(requestId(headers))
                .retryAfter(retryAfter(headers, now));
        for (String name : headers.names()) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("x-ratelimit-") || n.startsWith("anthropic-ratelimit-") || n.equals("retry-after")
                    || n.equals("retry-after-ms")) {
                b.rateLimit(n, headers.get(name));
            }
        }
        return b.build();
    }

    /** The provider's request id header, if any. */
    public static @Nullable String requestId(Headers headers) {
        String id = headers.get("x-request-id");
        if (id == null) {
            id = headers.get("request-id");
        }
        if (id == null) {
            id = headers.get("apim-request-id");
        }
        return id;
    }

    /** {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date. */
    public static @Nullable Duration retryAfter(Headers headers, Instant now) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String v = headers.get("retry-after");
        if (v == null) {
            return null;
        }
        v = v.trim();
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    /** The provider's error message from an OpenAI, Anthropic, vLLM or Ollama error body, truncated. */
    public static String providerMessage(String body) {
        String msg = body.strip();
        try {
            JsonNode n = Json.parse(body);
            JsonNode err = n.path("error");
            if (err.isTextual()) {
                msg = err.asText();
            } else if (err.path("message").isTextual()) {
                msg = err.path("message").asText();
            } else if (n.path("message").isTextual()) {
                msg = n.path("message").asText();
            } else if (n.path("detail").isTextual()) {
                msg = n.path("detail").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // keep the raw body
        }
        msg = msg.replaceAll("\\s+", " ");
        return msg.length() > MAX_MESSAGE ? msg.substring(0, MAX_MESSAGE) + "..." : msg;
    }

    private static String providerCode(String body) {
        try {
            JsonNode err = Json.parse(body).path("error");
            String code = err.path("code").asText("");
            String type = err.path("type").asText("");
            return code + " " + type;
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }
}
