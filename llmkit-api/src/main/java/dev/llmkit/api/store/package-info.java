/**
 * Shared state behind small interfaces: rate-limit buckets ({@link dev.llmkit.api.store.RateLimitStore}), spend
 * counters ({@link dev.llmkit.api.store.BudgetStore}), circuit-breaker state
 * ({@link dev.llmkit.api.store.CircuitStateStore}) and cache entries ({@link dev.llmkit.api.store.CacheStore}).
 *
 * <p>Decorators keep their logic and keep their state in a store. Each store has an in-memory implementation that is
 * the default and is safe under concurrency; a store shared by a fleet (Redis, for example) implements the same
 * interface. Every mutating operation is specified as one atomic step over one key, so a Redis implementation can
 * perform it with one Lua script in one round trip; nothing in these contracts needs a lock held across calls.
 *
 * <p>Keys are plain strings chosen by the caller ({@code "openai:gpt-4o"}, {@code "tenant-42"}); a store may prefix
 * them. Two components given the same store and key share the state.
 */
@NullMarked
package dev.llmkit.api.store;

import org.jspecify.annotations.NullMarked;
