package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * A budget was spent: tokens, cost, steps, time, or the retry budget. The message names which and its limit.
 */
public class BudgetExceededException extends RejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param component the name of the component that refused
     * @param cause the underlying failure, if any
     * @param info details such as when the refusal may lift
     */
    public BudgetExceededException(String message, String component, @Nullable Throwable cause, ErrorInfo info) {
        super(message, component, cause, info);
    }

    /** Creates the exception naming only the component. */
    public BudgetExceededException(String message, String component) {
        this(message, component, null, ErrorInfo.NONE);
    }
}
