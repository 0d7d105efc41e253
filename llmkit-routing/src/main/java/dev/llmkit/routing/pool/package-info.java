/**
 * Deployment pools: one logical model over several deployments (replicas of a self-hosted model, a managed API),
 * with a load-balancing {@link dev.llmkit.routing.pool.Strategy}, passive health with cooldown, RPM/TPM limits and
 * context-window fallback. Start at {@link dev.llmkit.routing.pool.DeploymentPool}.
 */
@NullMarked
package dev.llmkit.routing.pool;

import org.jspecify.annotations.NullMarked;
