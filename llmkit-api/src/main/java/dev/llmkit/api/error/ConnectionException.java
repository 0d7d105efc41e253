package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The connection to the provider failed or was reset before a response arrived. Retryable.
 */
public class ConnectionException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public ConnectionException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, true, info);
    }

    /** Creates the exception without cause or provider details. */
    public ConnectionException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
