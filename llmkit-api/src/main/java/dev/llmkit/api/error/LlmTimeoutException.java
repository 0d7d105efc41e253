package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * A time limit passed: connect, time to first token, stream idle, total, or HTTP 408. Retryable.
 * Named so as not to clash with {@link java.util.concurrent.TimeoutException}.
 */
public class LlmTimeoutException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public LlmTimeoutException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, true, info);
    }

    /** Creates the exception without cause or provider details. */
    public LlmTimeoutException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
