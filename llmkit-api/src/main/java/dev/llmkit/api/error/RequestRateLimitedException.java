package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The client-side rate limiter (requests or tokens per minute) refused the call within its maximum wait.
 * Unlike {@link RateLimitedException} this never reached the provider. {@link #retryAfter()} says when capacity returns.
 */
public class RequestRateLimitedException extends RejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param component the name of the component that refused
     * @param cause the underlying failure, if any
     * @param info details such as when the refusal may lift
     */
    public RequestRateLimitedException(String message, String component, @Nullable Throwable cause, ErrorInfo info) {
        super(message, component, cause, info);
    }

    /** Creates the exception naming only the component. */
    public RequestRateLimitedException(String message, String component) {
        this(message, component, null, ErrorInfo.NONE);
    }
}
