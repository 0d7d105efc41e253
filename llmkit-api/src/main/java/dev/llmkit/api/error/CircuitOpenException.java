package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker is open (or half-open with all probes taken) and refused the call without calling the model.
 * {@link #retryAfter()} is the time left until the breaker lets a probe through.
 */
public class CircuitOpenException extends RejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param component the name of the component that refused
     * @param cause the underlying failure, if any
     * @param info details such as when the refusal may lift
     */
    public CircuitOpenException(String message, String component, @Nullable Throwable cause, ErrorInfo info) {
        super(message, component, cause, info);
    }

    /** Creates the exception naming only the component. */
    public CircuitOpenException(String message, String component) {
        this(message, component, null, ErrorInfo.NONE);
    }
}
