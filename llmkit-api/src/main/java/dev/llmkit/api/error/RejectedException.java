package dev.llmkit.api.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An llmkit component refused the call before it reached a model: an open circuit breaker, a full bulkhead,
 * an exhausted client-side rate limit or budget. {@link #component()} names the component that refused.
 *
 * <p>Not retryable by a retry layer (repeating at once meets the same refusal); a fallback layer may still send the
 * call elsewhere. {@link #retryAfter()} tells when the refusal may lift, when the component knows.
 */
public abstract class RejectedException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final String component;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param component the name of the component that refused, e.g. the breaker's name
     * @param cause the underlying failure, if any
     * @param info details such as when the refusal may lift
     */
    protected RejectedException(String message, String component, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, false, info);
        this.component = Objects.requireNonNull(component, "component");
    }

    /** The name of the component that refused the call. */
    public String component() {
        return component;
    }
}
