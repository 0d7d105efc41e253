package dev.llmkit.redis;

import dev.llmkit.api.store.TokenBucket;
import java.time.Duration;
import java.util.List;

/** Run in a separate JVM by the fleet test: takes one unit {@code n} times and prints how many were granted. */
public final class LimiterClient {
    private LimiterClient() {}

    public static void main(String[] args) {
        String uri = args[0];
        String key = args[1];
        int n = Integer.parseInt(args[2]);
        double capacity = Double.parseDouble(args[3]);
        int granted = 0;
        try (RedisStores redis = RedisStores.builder(uri).build()) {
            for (int i = 0; i < n; i++) {
                if (redis.rateLimits().tryAcquire(key, List.of(new TokenBucket(capacity, Duration.ofHours(1))),
                        new double[] {1}, Duration.ZERO).granted()) {
                    granted++;
                }
            }
            System.out.println("granted=" + granted + " local=" + redis.localCalls());
        }
    }
}
