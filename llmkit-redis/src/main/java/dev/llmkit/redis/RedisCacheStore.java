package dev.llmkit.redis;

import dev.llmkit.api.store.CacheStore;
import dev.llmkit.api.store.InMemoryCacheStore;
import dev.llmkit.redis.internal.Health;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A cache shared by every instance through Redis, for exact entries (a response cache's answers by prompt hash):
 * values are written with their TTL ({@code SET ... PX}), so Redis evicts them itself. A value that cannot be read
 * back (written by another version of the codec) is a miss and is removed.
 *
 * <p>While Redis is away each instance caches in its own memory; entries made then stay local, and removals wait
 * (up to {@link #MAX_PENDING_REMOVALS}) to be made in Redis when it returns, so an invalidated answer does not come
 * back.
 *
 * @param <V> the values
 */
public final class RedisCacheStore<V> implements CacheStore<V> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheStore.class);
    /** Removals kept while Redis is away. */
    public static final int MAX_PENDING_REMOVALS = 10_000;

    /** Writes values to text and reads them back. */
    public interface Codec<V> {
        /** {@code value} as text. */
        String write(V value);

        /**
         * The value {@code text} holds.
         *
         * @throws RuntimeException when it cannot be read (the entry is then dropped)
         */
        V read(String text);

        /**
         * A codec from two functions, e.g. {@code Codec.of(CachedAnswer::toJson, CachedAnswer::fromJson)} for a
         * shared response cache.
         */
        static <V> Codec<V> of(java.util.function.Function<V, String> write,
                java.util.function.Function<String, V> read) {
            Objects.requireNonNull(write, "write");
            Objects.requireNonNull(read, "read");
            return new Codec<>() {
                @Override
                public String write(V value) {
                    return write.apply(value);
                }

                @Override
                public V read(String text) {
                    return read.apply(text);
                }
            };
        }

        /** Strings as they are. */
        static Codec<String> strings() {
            return new Codec<>() {
                @Override
                public String write(String value) {
                    return value;
                }

                @Override
                public String read(String text) {
                    return text;
                }
            };
        }
    }

    private final UnifiedJedis redis;
    private final String prefix;
    private final Health health;
    private final Codec<V> codec;
    private final InMemoryCacheStore<V> local = new InMemoryCacheStore<>();
    /** Removals made while Redis was away, in order, to make when it returns. */
    private final java.util.LinkedHashSet<String> removals = new java.util.LinkedHashSet<>();

    RedisCacheStore(UnifiedJedis redis, String prefix, Health health, Codec<V> codec) {
        this.redis = redis;
        this.prefix = prefix;
        this.health = health;
        this.codec = Objects.requireNonNull(codec, "codec");
        health.onRecovery(this::removeOwed);
    }

    @Override
    public Optional<V> get(String key) {
        String text = health.run("cache", redis, r -> {
            String v = r.get(prefix + key);
            return v == null ? "" : v;
        }, () -> null, true);
        if (text == null) {
            return local.get(key);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.read(text));
        } catch (RuntimeException e) {
            LOG.warn("A cached value under {} could not be read ({}); dropping it", prefix + key, e.toString());
            remove(key);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A cache entry needs a positive TTL, got " + ttl);
        }
        String text = codec.write(value);
        health.run("cache", redis, r -> r.set((prefix + key).getBytes(StandardCharsets.UTF_8),
                text.getBytes(StandardCharsets.UTF_8), SetParams.setParams().px(Math.max(1, ttl.toMillis()))), () -> {
                    local.put(key, value, ttl);
                    return "local";
                });
    }

    @Override
    public boolean remove(String key) {
        Boolean removed = health.run("cache", redis, r -> r.del(prefix + key) > 0, () -> {
            owe(key);
            return null;
        });
        boolean locally = local.remove(key);
        return removed != null ? removed || locally : locally;
    }

    /** Remembers a removal Redis could not take, to make when it returns (an invalidated answer must not come back). */
    private void owe(String key) {
        synchronized (removals) {
            if (removals.size() >= MAX_PENDING_REMOVALS) {
                LOG.warn("Redis is away and {} cache removals wait already; the oldest is dropped (its entry expires"
                        + " with its TTL)", MAX_PENDING_REMOVALS);
                removals.remove(removals.iterator().next());
            }
            removals.add(key);
        }
    }

    /** Makes the removals that waited while Redis was away. */
    private void removeOwed() {
        List<String> keys;
        synchronized (removals) {
            keys = List.copyOf(removals);
        }
        for (String k : keys) {
            redis.del(prefix + k);
            synchronized (removals) {
                removals.remove(k);
            }
        }
    }

    @Override
    public String toString() {
        return "RedisCacheStore{" + prefix + "}";
    }
}
