package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider failed on its side (HTTP 500, 502, 503, 504). Retryable.
 */
public class ServerErrorException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public ServerErrorException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, true, info);
    }

    /** Creates the exception without cause or provider details. */
    public ServerErrorException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
