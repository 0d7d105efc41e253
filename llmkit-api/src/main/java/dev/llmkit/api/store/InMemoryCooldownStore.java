package dev.llmkit.api.store;

import dev.llmkit.api.Scheduler;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CooldownStore} in this JVM's memory, for pools in one process (or tests). Expired entries are dropped
 * when read. Thread-safe.
 */
public final class InMemoryCooldownStore implements CooldownStore {
    private final Scheduler clock;
    private final ConcurrentHashMap<String, Instant> until = new ConcurrentHashMap<>();

    /** A store on {@code clock}'s wall time. */
    public InMemoryCooldownStore(Scheduler clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store on the system clock. */
    public InMemoryCooldownStore() {
        this(Scheduler.system());
    }

    @Override
    public void coolDown(String key, Instant until) {
        Objects.requireNonNull(until, "until");
        this.until.merge(Objects.requireNonNull(key, "key"), until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Instant> coolingUntil(String key) {
        Instant u = until.get(key);
        if (u == null) {
            return Optional.empty();
        }
        if (!u.isAfter(clock.now())) {
            until.remove(key, u);
            return Optional.empty();
        }
        return Optional.of(u);
    }

    @Override
    public void clear(String key) {
        until.remove(Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        return "InMemoryCooldownStore[" + until.size() + " keys]";
    }
}
