package dev.llmkit.api.store;

/**
 * Spend counters by name and window, for budgets and quotas (a tenant's dollars per day, a user's tokens per hour).
 * Amounts are whole units the caller chooses (tokens, micro-dollars), so sums are exact. Each counter belongs to one
 * {@link BudgetWindow} of the key; when the window ends the counter starts again from zero, and a store may forget
 * counters of windows that ended (a Redis implementation keys them by window number and lets them expire).
 *
 * <p>Every operation is one atomic step on one key, in one round trip for a remote store (INCRBY, or a short Lua
 * script for {@link #tryAdd}). Implementations are thread-safe: concurrent {@code add}s are never lost, and
 * concurrent {@code tryAdd}s never together pass the limit.
 *
 * <pre>{@code
 * BudgetCheck c = budgets.tryAdd("tenant-42", BudgetWindow.DAY, estimateMicroDollars, 50_000_000);
 * if (!c.accepted()) throw new BudgetExceededException(...);
 * }</pre>
 */
public interface BudgetStore {

    /**
     * Adds {@code amount} (which may be negative, to correct an estimate) to the current window of {@code key}
     * unconditionally.
     *
     * @return the window's spend afterwards
     */
    long add(String key, BudgetWindow window, long amount);

    /** The spend of the current window of {@code key}; zero when nothing was added in it. */
    long spent(String key, BudgetWindow window);

    /**
     * Adds {@code amount} (zero or more) to the current window of {@code key} only when the result stays within
     * {@code limit}; otherwise changes nothing. Check and add are one atomic step.
     */
    BudgetCheck tryAdd(String key, BudgetWindow window, long amount, long limit);
}
