package dev.llmkit.api.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Cache entries by key with a time to live, for response caches. Values are {@code byte[]} or {@code String} for
 * stores outside the JVM (a Redis implementation maps {@link #get} to GET, {@link #put} to SET with PX, and
 * {@link #remove} to DEL); an in-memory store may hold any value. Stores keep values as given: never change a
 * {@code byte[]} after putting it or after getting it.
 *
 * <p>Implementations are thread-safe. An expired entry is never returned; a store may drop any entry earlier (it is
 * a cache: a miss is always a correct answer), so callers never rely on an entry being there.
 *
 * @param <V> the value type
 */
public interface CacheStore<V> {

    /** The live value under {@code key}, if any. */
    Optional<V> get(String key);

    /** Stores {@code value} under {@code key} for {@code ttl} (positive), replacing any earlier value. */
    void put(String key, V value, Duration ttl);

    /**
     * Removes the value under {@code key}.
     *
     * @return whether a live value was there
     */
    boolean remove(String key);
}
