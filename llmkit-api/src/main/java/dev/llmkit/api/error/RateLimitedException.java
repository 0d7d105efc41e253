package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider refused the call because a rate limit was reached (HTTP 429). Retryable after {@link #retryAfter()};
 * the provider's rate-limit headers are in {@link ErrorInfo#rateLimits()}.
 */
public class RateLimitedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public RateLimitedException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, true, info);
    }

    /** Creates the exception without cause or provider details. */
    public RateLimitedException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
