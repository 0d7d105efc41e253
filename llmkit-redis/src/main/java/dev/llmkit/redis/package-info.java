/**
 * llmkit's shared-state stores on Redis, for a fleet of application instances: {@link RedisRateLimitStore},
 * {@link RedisBudgetStore}, {@link RedisCircuitStateStore}, {@link RedisCooldownStore} and
 * {@link RedisCacheStore}, all made from one
 * {@link RedisStores}. Each store keeps working on local state while Redis is away and shares again when it returns.
 */
@NullMarked
package dev.llmkit.redis;

import org.jspecify.annotations.NullMarked;
