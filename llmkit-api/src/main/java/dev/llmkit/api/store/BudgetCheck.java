package dev.llmkit.api.store;

/**
 * The answer of {@link BudgetStore#tryAdd}: whether the amount was added, and the window's spend afterwards (when
 * refused: unchanged).
 */
public final class BudgetCheck {
    private final boolean accepted;
    private final long spent;
    private final long limit;

    private BudgetCheck(boolean accepted, long spent, long limit) {
        this.accepted = accepted;
        this.spent = spent;
        this.limit = limit;
    }

    /** The amount was added; the window now holds {@code spent} of {@code limit}. */
    public static BudgetCheck accepted(long spent, long limit) {
        return new BudgetCheck(true, spent, limit);
    }

    /** The amount would have passed {@code limit}; nothing was added and the window holds {@code spent}. */
    public static BudgetCheck refused(long spent, long limit) {
        return new BudgetCheck(false, spent, limit);
    }

    /** Whether the amount was added. */
    public boolean accepted() {
        return accepted;
    }

    /** The window's spend after this operation. */
    public long spent() {
        return spent;
    }

    /** The limit checked against. */
    public long limit() {
        return limit;
    }

    /** What is left under the limit (zero or more). */
    public long remaining() {
        return Math.max(0, limit - spent);
    }

    @Override
    public String toString() {
        return (accepted ? "accepted, " : "refused, ") + spent + " of " + limit;
    }
}
