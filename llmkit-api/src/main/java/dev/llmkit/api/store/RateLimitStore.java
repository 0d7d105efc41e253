package dev.llmkit.api.store;

import java.time.Duration;
import java.util.List;

/**
 * Token buckets by name, for client-side rate limits. A key names a <em>group</em> of buckets that are always
 * taken from together (requests per minute and tokens per minute of one deployment, say), so one call is one atomic
 * step on one key: a Redis implementation keeps the group in one hash and runs one Lua script per call, using the
 * server's clock for refills.
 *
 * <p>Every operation first refills each bucket for the time passed since the key was last touched (never above its
 * capacity; a key seen for the first time starts full) and then applies its change. A key must always be used with
 * the same buckets in the same order; the buckets passed in describe the shape, the store holds only levels and a
 * timestamp. Arrays passed in are neither kept nor changed.
 *
 * <p>Implementations are thread-safe, and a grant is never lost or duplicated under contention: over any period,
 * the units granted from a bucket never exceed its level at the start plus its refill during the period plus what
 * was given back through {@link #adjust}.
 *
 * <pre>{@code
 * List<TokenBucket> limits = List.of(TokenBucket.perMinute(500), TokenBucket.perMinute(200_000));
 * Acquisition a = store.tryAcquire("openai", limits, new double[] {1, 1_200}, Duration.ofSeconds(2));
 * if (!a.granted()) throw tooFast(a.waitTime());
 * sleep(a.waitTime());
 * }</pre>
 */
public interface RateLimitStore {

    /**
     * Takes {@code units[i]} from bucket {@code i} of group {@code key}, for every {@code i}, or takes nothing. When
     * every bucket holds enough, the units are taken and the answer is granted with no wait. Otherwise, when the
     * missing units of every bucket refill within {@code maxWait}, the units are still taken (the buckets go below
     * zero, a reservation that later callers wait behind) and the answer is granted with the longest of those
     * refill times; when they do not, nothing changes and the answer is refused with that time.
     *
     * @param key     the group's name
     * @param buckets the group's buckets; not empty
     * @param units   what to take from each bucket, one non-negative number per bucket; no more than its capacity
     * @param maxWait the longest acceptable wait; zero for "now or never"
     * @throws IllegalArgumentException when the arrays differ in length or a unit count exceeds its bucket's capacity
     */
    Acquisition tryAcquire(String key, List<TokenBucket> buckets, double[] units, Duration maxWait);

    /**
     * Adds {@code deltas[i]} to bucket {@code i} of group {@code key}: a positive delta gives units back (never above
     * capacity), a negative one charges units used beyond an estimate (possibly below zero, which later callers wait
     * out). Used to return what a failed call reserved and to correct an estimate with the real usage.
     */
    void adjust(String key, List<TokenBucket> buckets, double[] deltas);

    /** The level of each bucket of group {@code key} now, after refill (negative while a reservation is owed). */
    double[] available(String key, List<TokenBucket> buckets);
}
