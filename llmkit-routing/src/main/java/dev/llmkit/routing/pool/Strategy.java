package dev.llmkit.routing.pool;

/**
 * How a {@link DeploymentPool} spreads calls over its deployments. The pool first drops the deployments that may not
 * take a call (cooling down, at a rate limit, too small a context window), so a strategy only ranks healthy ones.
 * The six built-in strategies are in {@link Strategies}. Implementations are thread-safe and fast: they run on the
 * calling thread for every call.
 */
@FunctionalInterface
public interface Strategy {

    /** The candidate the call goes to; must be one of {@link Choice#candidates()}. */
    DeploymentState choose(Choice choice);

    /**
     * Whether this strategy reads {@link Choice#estimatedInputTokens()}. When it does not, and no deployment has a
     * context window or a tokens-per-minute limit, the pool skips counting the prompt's tokens. Default true.
     */
    default boolean needsTokenEstimate() {
        return true;
    }
}
