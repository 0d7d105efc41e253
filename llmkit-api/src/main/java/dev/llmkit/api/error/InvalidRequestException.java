package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider rejected the request as malformed (HTTP 400, 404, 409, 422). Not retryable: fix the request.
 * A circuit breaker does not count it as a provider failure.
 */
public class InvalidRequestException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public InvalidRequestException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, false, info);
    }

    /** Creates the exception without cause or provider details. */
    public InvalidRequestException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
