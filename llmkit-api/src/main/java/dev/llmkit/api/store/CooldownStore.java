package dev.llmkit.api.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Deployments taken out of rotation, shared by every router of a fleet (as LiteLLM shares them): when one instance
 * sees a deployment fail or answer 429, the others stop sending to it too. Keys name a pool's deployment. Times are
 * wall-clock instants, since instances do not share a monotonic clock. Implementations are thread-safe.
 *
 * <pre>{@code
 * DeploymentPool pool = DeploymentPool.builder("chat").cooldowns(redis.cooldowns())...build();
 * }</pre>
 */
public interface CooldownStore {

    /** Takes {@code key} out of rotation until {@code until}; a later cooldown already stored is kept. */
    void coolDown(String key, Instant until);

    /** The instant until which {@code key} is out of rotation, when it is now. */
    Optional<Instant> coolingUntil(String key);

    /** Puts {@code key} back into rotation (a health probe found it well) for every instance. */
    void clear(String key);
}
