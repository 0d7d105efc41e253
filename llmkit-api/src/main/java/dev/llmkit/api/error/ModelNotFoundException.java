package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider does not serve the requested model (HTTP 404). Check the model name and the base URL.
 */
public class ModelNotFoundException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public ModelNotFoundException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, info);
    }

    /** Creates the exception without cause or provider details. */
    public ModelNotFoundException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
