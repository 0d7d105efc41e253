package dev.llmkit.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Micrometer meters of a {@link RedisStores}: {@code llmkit.redis.up} (gauge, 1 while Redis is taken for reachable),
 * {@code llmkit.redis.outages} and {@code llmkit.redis.local_calls} (counters: outages seen, store calls answered from
 * local state). Micrometer is an optional dependency of llmkit-redis: only this class touches it.
 *
 * <pre>{@code
 * RedisMetrics.bind(redis, meterRegistry);
 * }</pre>
 */
public final class RedisMetrics {
    private RedisMetrics() {}

    /** Registers the meters of {@code stores} in {@code registry}; tagged with the key prefix. */
    public static void bind(RedisStores stores, MeterRegistry registry) {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(registry, "registry");
        Gauge.builder("llmkit.redis.up", stores, s -> s.available() ? 1 : 0)
                .description("1 while Redis is reachable, 0 while the stores run on local state")
                .tag("prefix", stores.prefix()).register(registry);
        FunctionCounter.builder("llmkit.redis.outages", stores, RedisStores::outages)
                .description("Redis outages seen").tag("prefix", stores.prefix()).register(registry);
        FunctionCounter.builder("llmkit.redis.local_calls", stores, RedisStores::localCalls)
                .description("Store calls answered from local state while Redis was away")
                .tag("prefix", stores.prefix()).register(registry);
    }
}
