package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider refused the credentials (HTTP 401 or 403). Check the API key and its permissions; not retryable.
 */
public class AuthenticationException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public AuthenticationException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, false, info);
    }

    /** Creates the exception without cause or provider details. */
    public AuthenticationException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
