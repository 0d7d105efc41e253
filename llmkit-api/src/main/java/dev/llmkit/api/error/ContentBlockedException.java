package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The content was blocked, by the provider's content filter or by an llmkit guardrail. Not retryable.
 */
public class ContentBlockedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public ContentBlockedException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, false, info);
    }

    /** Creates the exception without cause or provider details. */
    public ContentBlockedException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
