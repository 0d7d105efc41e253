package dev.llmkit.api.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure llmkit reports: catch it once to handle "llmkit refused or failed this call".
 *
 * <p>Unchecked. Whether a retry may help is part of the type ({@link #isRetryable()}); provider details (status,
 * request id, {@code Retry-After}, rate-limit headers) are in {@link #info()}. Messages say what happened and what
 * to do, and never contain an API key or a prompt.
 *
 * <table>
 *   <caption>Subtypes</caption>
 *   <tr><th>type</th><th>retryable</th><th>typical cause</th></tr>
 *   <tr><td>{@link RateLimitedException}</td><td>yes</td><td>HTTP 429</td></tr>
 *   <tr><td>{@link OverloadedException}</td><td>yes</td><td>HTTP 529, Anthropic {@code overloaded_error}</td></tr>
 *   <tr><td>{@link ServerErrorException}</td><td>yes</td><td>HTTP 500, 502, 503, 504</td></tr>
 *   <tr><td>{@link LlmTimeoutException}</td><td>yes</td><td>connect, first-token, idle or total timeout; 408</td></tr>
 *   <tr><td>{@link ConnectionException}</td><td>yes</td><td>connection refused or reset</td></tr>
 *   <tr><td>{@link StreamInterruptedException}</td><td>only before the first token</td><td>stream ended early</td></tr>
 *   <tr><td>{@link InvalidRequestException}</td><td>no</td><td>HTTP 400, 404, 409, 422</td></tr>
 *   <tr><td>{@link ContextLengthExceededException}</td><td>no</td><td>prompt too long for the model</td></tr>
 *   <tr><td>{@link ModelNotFoundException}</td><td>no</td><td>HTTP 404 for the model</td></tr>
 *   <tr><td>{@link AuthenticationException}</td><td>no</td><td>HTTP 401, 403</td></tr>
 *   <tr><td>{@link ContentBlockedException}</td><td>no</td><td>provider filter or guardrail</td></tr>
 *   <tr><td>{@link ConfigurationException}</td><td>no</td><td>bad model spec, missing key</td></tr>
 *   <tr><td>{@link RejectedException} subtypes</td><td>no</td><td>an llmkit component refused the call</td></tr>
 * </table>
 */
public class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient ErrorInfo info;

    /**
     * Creates an exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param retryable whether the same call may succeed when repeated
     * @param info provider details
     */
    public LlmException(String message, @Nullable Throwable cause, boolean retryable, ErrorInfo info) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.retryable = retryable;
        this.info = Objects.requireNonNull(info, "info");
    }

    /** Creates a non-retryable exception without provider details. */
    public LlmException(String message) {
        this(message, null, false, ErrorInfo.NONE);
    }

    /** Whether repeating the same call may succeed. A retry layer retries only these. */
    public boolean isRetryable() {
        return retryable;
    }

    /** Provider details: status, request id, Retry-After, rate-limit headers. */
    public ErrorInfo info() {
        return info;
    }

    /** The HTTP status, when there was one. */
    public Optional<Integer> statusCode() {
        return info.statusCode();
    }

    /** The provider's request id, when it sent one; quote it in support tickets. */
    public Optional<String> requestId() {
        return info.requestId();
    }

    /** How long the provider asked callers to wait; a retry layer never retries sooner. */
    public Optional<Duration> retryAfter() {
        return info.retryAfter();
    }

    /** The provider that failed, when known. */
    public Optional<String> provider() {
        return info.provider();
    }
}
