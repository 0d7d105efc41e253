package dev.llmkit.routing.pool;

import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every deployment of a pool is cooling down after failures or rate limits, or has used its RPM/TPM limit, so the
 * pool refused the call without sending it. Retryable: {@link #retryAfter()} is the time until the first deployment
 * is back, which a retry layer waits for; {@link #availableAt()} is that instant. A caller without a retry layer can
 * wait that long, or fall back to another pool.
 */
public class PoolExhaustedException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final String pool;
    private final Instant availableAt;

    /**
     * Creates the exception.
     *
     * @param pool the name of the pool that refused
     * @param availableAt when the first deployment is back
     * @param retryAfter how long from now that is, never negative
     * @param cause the last failure a deployment reported, if any
     */
    public PoolExhaustedException(String pool, Instant availableAt, Duration retryAfter, @Nullable Throwable cause) {
        super("Deployment pool '" + pool + "' has no deployment available: every one is cooling down or at its rate"
                + " limit. The first is back at " + availableAt + " (in " + retryAfter.toMillis() + " ms); retry then,"
                + " add deployments or raise their limits.", cause, true,
                ErrorInfo.builder().retryAfter(retryAfter.isNegative() ? Duration.ZERO : retryAfter).build());
        this.pool = Objects.requireNonNull(pool, "pool");
        this.availableAt = Objects.requireNonNull(availableAt, "availableAt");
    }

    /** The name of the pool that refused the call. */
    public String pool() {
        return pool;
    }

    /** When the first deployment of the pool is back in rotation. */
    public Instant availableAt() {
        return availableAt;
    }
}
