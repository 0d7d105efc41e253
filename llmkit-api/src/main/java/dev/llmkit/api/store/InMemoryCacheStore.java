package dev.llmkit.api.store;

import dev.llmkit.api.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CacheStore} in this JVM's memory, on a {@link ConcurrentHashMap}: reads take no lock, an expired entry is
 * removed when it is read, and expired entries are swept when the store is full. A full store (every entry live)
 * does not take new keys until entries expire or are removed (writers racing at the bound may pass it by one entry
 * each); replacing an existing key always works. Expiry follows
 * the {@link Scheduler}'s monotonic clock. For a large in-process cache with eviction by use, back the cache with
 * Caffeine instead.
 *
 * @param <V> the value type
 */
public final class InMemoryCacheStore<V> implements CacheStore<V> {
    /** Entries held at most by {@link #InMemoryCacheStore()}. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Scheduler clock;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicInteger fullPuts = new AtomicInteger();

    /** A store of at most {@code maxEntries} entries whose entries expire by {@code clock}. */
    public InMemoryCacheStore(Scheduler clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** A store of at most {@value #DEFAULT_MAX_ENTRIES} entries on the system clock. */
    public InMemoryCacheStore() {
        this(Scheduler.system(), DEFAULT_MAX_ENTRIES);
    }

    private record Entry<V>(V value, long expiresAt) {
    }

    private boolean live(Entry<V> e, long now) {
        return e.expiresAt - now > 0;
    }

    @Override
    public Optional<V> get(String key) {
        Entry<V> e = entries.get(Objects.requireNonNull(key, "key"));
        if (e == null) {
            return Optional.empty();
        }
        if (!live(e, clock.nanoTime())) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.value);
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A cache entry's time to live must be positive, got " + ttl);
        }
        long now = clock.nanoTime();
        Entry<V> entry = new Entry<>(value, now + Math.min(ttl.toNanos(), Long.MAX_VALUE / 4));
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            // sweep at most once per eighth of the capacity in puts, so a full store costs O(1) per put on average
            if (fullPuts.getAndIncrement() % Math.max(1, maxEntries / 8) == 0) {
                entries.values().removeIf(e -> !live(e, now));
            }
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(key, entry);
    }

    @Override
    public boolean remove(String key) {
        Entry<V> e = entries.remove(Objects.requireNonNull(key, "key"));
        return e != null && live(e, clock.nanoTime());
    }

    /** The number of entries held, expired ones not yet swept included. */
    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "InMemoryCacheStore[" + entries.size() + " of " + maxEntries + "]";
    }
}
