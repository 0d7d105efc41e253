package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The prompt plus requested output does not fit the model's context window. Shorten the messages, lower
 * {@code maxOutputTokens}, or route to a model with a larger window. Not retryable.
 */
public class ContextLengthExceededException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public ContextLengthExceededException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, info);
    }

    /** Creates the exception without cause or provider details. */
    public ContextLengthExceededException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
