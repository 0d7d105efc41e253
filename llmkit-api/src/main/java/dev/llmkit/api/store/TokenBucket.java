package dev.llmkit.api.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The shape of one token bucket: it holds at most {@code capacity} units and refills continuously at
 * {@code capacity} units per {@code period} (500 requests per minute is {@code TokenBucket.perMinute(500)}). A new
 * bucket starts full.
 *
 * @param capacity the most units the bucket holds, and the units it regains per period; positive and finite
 * @param period   how long an empty bucket takes to refill; positive
 */
public record TokenBucket(double capacity, Duration period) {

    /** Validates. */
    public TokenBucket {
        Objects.requireNonNull(period, "period");
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("A bucket's capacity must be positive and finite, got " + capacity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A bucket's refill period must be positive, got " + period);
        }
    }

    /** A bucket of {@code capacity} units refilled over one minute. */
    public static TokenBucket perMinute(double capacity) {
        return new TokenBucket(capacity, Duration.ofMinutes(1));
    }

    /** Units regained per nanosecond. */
    public double refillPerNano() {
        return capacity / period.toNanos();
    }
}
