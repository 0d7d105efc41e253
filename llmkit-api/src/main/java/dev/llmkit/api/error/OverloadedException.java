package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider is overloaded (HTTP 529 or an {@code overloaded_error}). Retryable; prefer another deployment.
 */
public class OverloadedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public OverloadedException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, true, info);
    }

    /** Creates the exception without cause or provider details. */
    public OverloadedException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
