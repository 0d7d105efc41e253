package dev.llmkit.routing.pool;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.CooldownStore;
import dev.llmkit.routing.pool.internal.Tracker;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's cooldowns shared with the other instances' pools of the same name through a {@link CooldownStore}
 * ({@link DeploymentPool.Builder#cooldowns}): publishes the cooldowns entered here, clears them when a probe finds
 * the deployment well, and reads each deployment's shared entry at most once per refresh. A store that fails is
 * logged and never fails a call.
 */
final class SharedCooldowns {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentPool.class);

    private final String name;
    private final CooldownStore store;
    private final long refreshNanos;
    private final Scheduler scheduler;

    SharedCooldowns(String name, CooldownStore store, Duration refresh, Scheduler scheduler) {
        this.name = name;
        this.store = store;
        this.refreshNanos = refresh.toNanos();
        this.scheduler = scheduler;
    }

    /** The key of {@code t} in the shared cooldown store. */
    private String key(Tracker t) {
        return name + ":" + t.deployment().name();
    }

    /** Tells the other instances that {@code t} entered a cooldown here (never fails the call). */
    void published(Tracker t) {
        Duration left = t.cooldownLeft();
        if (left.isZero()) {
            return;
        }
        try {
            store.coolDown(key(t), scheduler.now().plus(left));
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: could not share the cooldown of {} ({}); other instances will find it themselves",
                    name, t.deployment().name(), e.toString());
        }
    }

    /** Tells the other instances that {@code t} is back in rotation (a health probe found it well). */
    void recovered(Tracker t) {
        try {
            store.clear(key(t));
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: could not share that {} is back ({}); the shared cooldown runs out on its own", name,
                    t.deployment().name(), e.toString());
        }
    }

    /** Takes in the cooldowns other instances shared, asking the store about each deployment once per refresh. */
    void sync(List<Tracker> trackers, long now) {
        for (Tracker t : trackers) {
            if (!t.sharedCheckDue(now, refreshNanos)) {
                continue;
            }
            try {
                store.coolingUntil(key(t)).ifPresent(until -> {
                    Duration left = Duration.between(scheduler.now(), until);
                    if (!left.isNegative() && !left.isZero()) {
                        t.cooledElsewhere(scheduler.nanoTime() + left.toNanos());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("Pool {}: could not read shared cooldowns ({}); going on with this instance's own", name,
                        e.toString());
            }
        }
    }
}
