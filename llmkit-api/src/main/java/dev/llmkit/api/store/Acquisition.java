package dev.llmkit.api.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link RateLimitStore#tryAcquire}: either the units were taken ({@link #granted()}), to be used after
 * {@link #waitTime()} (zero: at once), or nothing was taken and capacity for them returns in {@link #waitTime()}.
 */
public final class Acquisition {
    private static final Acquisition NOW = new Acquisition(true, Duration.ZERO);

    private final boolean granted;
    private final Duration waitTime;

    private Acquisition(boolean granted, Duration waitTime) {
        this.granted = granted;
        this.waitTime = Objects.requireNonNull(waitTime, "waitTime");
        if (waitTime.isNegative()) {
            throw new IllegalArgumentException("waitTime must not be negative, got " + waitTime);
        }
    }

    /** The units were taken and may be used after {@code wait} (zero: now). */
    public static Acquisition granted(Duration wait) {
        return wait.isZero() ? NOW : new Acquisition(true, wait);
    }

    /** Nothing was taken; the units would be available after {@code retryAfter}. */
    public static Acquisition refused(Duration retryAfter) {
        return new Acquisition(false, retryAfter);
    }

    /** Whether the units were taken. */
    public boolean granted() {
        return granted;
    }

    /** When granted, how long to wait before using the units; when refused, how long until they would be there. */
    public Duration waitTime() {
        return waitTime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acquisition a && a.granted == granted && a.waitTime.equals(waitTime);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(granted) * 31 + waitTime.hashCode();
    }

    @Override
    public String toString() {
        return (granted ? "granted, wait " : "refused, retry after ") + waitTime;
    }
}
