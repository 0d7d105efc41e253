package dev.llmkit.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.CacheStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link CacheStore} on Caffeine: each entry expires after its own time to live, and the store holds at
 * most a number of entries or a total weight (estimated bytes), evicting the least likely to be used again
 * (Window TinyLFU). Maintenance runs on the calling threads (no background thread), and time comes from the given
 * {@link Scheduler}, so a test clock moves expiry. Thread-safe.
 *
 * <pre>{@code
 * CacheStore<CachedAnswer> store = CaffeineCacheStore.<CachedAnswer>builder()
 *         .maximumWeight(256L << 20, CachedAnswer::weight)   // 256 MiB of answers
 *         .build();
 * }</pre>
 *
 * @param <V> the value type
 */
public final class CaffeineCacheStore<V> implements CacheStore<V> {
    private final Cache<String, Timed<V>> cache;

    private CaffeineCacheStore(Builder<V> b) {
        Caffeine<Object, Object> c = Caffeine.newBuilder().executor(Runnable::run).ticker(b.scheduler::nanoTime);
        if (b.maximumWeight > 0) {
            ToIntFunction<V> weigher = Objects.requireNonNull(b.weigher);
            c.maximumWeight(b.maximumWeight).weigher((String k, Timed<V> v) -> weigher.applyAsInt(v.value));
        } else {
            c.maximumSize(b.maximumSize);
        }
        BiConsumer<String, V> evicted = b.onEviction;
        if (evicted != null) {
            c.removalListener((@Nullable String k, @Nullable Timed<V> v, RemovalCause cause) -> {
                if (cause.wasEvicted() && k != null && v != null) {
                    evicted.accept(k, v.value);
                }
            });
        }
        cache = c.expireAfter(new PerEntry<V>()).build();
    }

    /** Starts a builder; by default at most 10,000 entries on the system clock. */
    public static <V> Builder<V> builder() {
        return new Builder<>();
    }

    @Override
    public Optional<V> get(String key) {
        Timed<V> t = cache.getIfPresent(key);
        return t == null ? Optional.empty() : Optional.of(t.value);
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, not " + ttl);
        }
        cache.put(key, new Timed<>(value, ttl.toNanos()));
    }

    @Override
    public boolean remove(String key) {
        return cache.asMap().remove(key) != null;
    }

    /** The number of entries held now (expired ones not yet cleaned up included). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public String toString() {
        return "CaffeineCacheStore[" + cache.estimatedSize() + " entries]";
    }

    private record Timed<V>(V value, long ttlNanos) {
    }

    private static final class PerEntry<V> implements Expiry<String, Timed<V>> {
        @Override
        public long expireAfterCreate(String key, Timed<V> value, long currentTime) {
            return value.ttlNanos;
        }

        @Override
        public long expireAfterUpdate(String key, Timed<V> value, long currentTime, long currentDuration) {
            return value.ttlNanos;
        }

        @Override
        public long expireAfterRead(String key, Timed<V> value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * Builds a {@link CaffeineCacheStore}. Not thread-safe.
     *
     * @param <V> the value type
     */
    public static final class Builder<V> {
        private long maximumSize = 10_000;
        private long maximumWeight;
        private @Nullable ToIntFunction<V> weigher;
        private Scheduler scheduler = Scheduler.system();
        private @Nullable BiConsumer<String, V> onEviction;

        private Builder() {}

        /** At most this many entries (default 10,000); replaced by {@link #maximumWeight} when that is set. */
        public Builder<V> maximumSize(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("maximumSize must be at least 1, not " + entries);
            }
            this.maximumSize = entries;
            this.maximumWeight = 0;
            return this;
        }

        /** At most this total weight, each entry weighing what {@code weigher} says (for example its bytes). */
        public Builder<V> maximumWeight(long weight, ToIntFunction<V> weigher) {
            if (weight < 1) {
                throw new IllegalArgumentException("maximumWeight must be at least 1, not " + weight);
            }
            this.maximumWeight = weight;
            this.weigher = Objects.requireNonNull(weigher, "weigher");
            return this;
        }

        /** The clock entries expire by; default {@link Scheduler#system()}. */
        public Builder<V> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Told of each entry evicted for size or weight, or expired (not of those removed or replaced). */
        public Builder<V> onEviction(BiConsumer<String, V> onEviction) {
            this.onEviction = Objects.requireNonNull(onEviction, "onEviction");
            return this;
        }

        /** Builds the store. */
        public CaffeineCacheStore<V> build() {
            return new CaffeineCacheStore<>(this);
        }
    }
}
