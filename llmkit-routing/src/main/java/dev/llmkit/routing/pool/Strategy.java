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
}
