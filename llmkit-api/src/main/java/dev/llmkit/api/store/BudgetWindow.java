package dev.llmkit.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The period a budget counts over: fixed windows of one length, aligned to the Unix epoch in UTC (a one-day window
 * runs from midnight to midnight UTC), or {@link #TOTAL} for a counter that never resets. Windows are fixed, not
 * sliding, so every store, in every JVM, agrees on which window an instant falls in.
 */
public final class BudgetWindow {
    /** A window that never ends: the counter only grows. */
    public static final BudgetWindow TOTAL = new BudgetWindow(Duration.ZERO);
    /** One UTC hour. */
    public static final BudgetWindow HOUR = new BudgetWindow(Duration.ofHours(1));
    /** One UTC day. */
    public static final BudgetWindow DAY = new BudgetWindow(Duration.ofDays(1));

    private final Duration length;

    private BudgetWindow(Duration length) {
        this.length = length;
    }

    /** Fixed windows of {@code length} (at least one millisecond), aligned to the epoch. */
    public static BudgetWindow of(Duration length) {
        Objects.requireNonNull(length, "length");
        if (length.toMillis() < 1) {
            throw new IllegalArgumentException("A budget window must be at least 1 ms long, got " + length
                    + "; use BudgetWindow.TOTAL for a counter that never resets");
        }
        return new BudgetWindow(length);
    }

    /** The window's length; zero for {@link #TOTAL}. */
    public Duration length() {
        return length;
    }

    /** The number of the window that holds {@code instant} (always 0 for {@link #TOTAL}). */
    public long index(Instant instant) {
        return length.isZero() ? 0 : Math.floorDiv(instant.toEpochMilli(), length.toMillis());
    }

    /** When the window that holds {@code instant} ends; {@link Instant#MAX} for {@link #TOTAL}. */
    public Instant end(Instant instant) {
        return length.isZero() ? Instant.MAX : Instant.ofEpochMilli((index(instant) + 1) * length.toMillis());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BudgetWindow w && w.length.equals(length);
    }

    @Override
    public int hashCode() {
        return length.hashCode();
    }

    @Override
    public String toString() {
        return length.isZero() ? "BudgetWindow[TOTAL]" : "BudgetWindow[" + length + "]";
    }
}
