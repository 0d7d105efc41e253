package dev.llmkit.routing.budget;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.store.BudgetWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * One limit: so many requests, tokens or US dollars per window for each tenant, user, tag, model, budget key, or for
 * everyone. A call is charged to every budget that applies to it; a budget whose scope the call does not have (a
 * tenant budget for a call without a tenant) does not apply. Immutable.
 *
 * <pre>{@code
 * Budget.spend(Budget.Scope.TENANT, BudgetWindow.DAY, new BigDecimal("50"))     // $50 per tenant per UTC day
 * Budget.tokens(Budget.Scope.USER, BudgetWindow.HOUR, 200_000)                 // 200k tokens per user per hour
 * Budget.requests(Budget.Scope.USER, BudgetWindow.of(Duration.ofMinutes(1)), 20)
 * }</pre>
 */
public final class Budget {
    /** Millionths of a US dollar: spend is counted in whole micro-dollars so sums are exact. */
    public static final BigDecimal MICROS_PER_DOLLAR = BigDecimal.valueOf(1_000_000);

    private final Scope scope;
    private final Unit unit;
    private final BudgetWindow window;
    private final long limit;
    private final String tag;

    private Budget(Scope scope, Unit unit, BudgetWindow window, long limit, String tag) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.unit = unit;
        this.window = Objects.requireNonNull(window, "window");
        if (limit < 0) {
            throw new IllegalArgumentException("a budget limit must not be negative, got " + limit);
        }
        this.limit = limit;
        this.tag = tag;
    }

    /** At most {@code dollars} US dollars per window and scope. */
    public static Budget spend(Scope scope, BudgetWindow window, BigDecimal dollars) {
        long micros = dollars.multiply(MICROS_PER_DOLLAR).setScale(0, RoundingMode.DOWN).longValueExact();
        return new Budget(scope, Unit.MICRO_DOLLARS, window, micros, "");
    }

    /** At most {@code tokens} tokens (input plus output) per window and scope. */
    public static Budget tokens(Scope scope, BudgetWindow window, long tokens) {
        return new Budget(scope, Unit.TOKENS, window, tokens, "");
    }

    /** At most {@code requests} calls per window and scope. */
    public static Budget requests(Scope scope, BudgetWindow window, long requests) {
        return new Budget(scope, Unit.REQUESTS, window, requests, "");
    }

    /** This budget for calls tagged {@code tag} only ({@link Scope#TAG}). */
    public Budget forTag(String tag) {
        if (scope != Scope.TAG) {
            throw new IllegalStateException("forTag applies to Scope.TAG budgets only");
        }
        return new Budget(scope, unit, window, limit, Objects.requireNonNull(tag, "tag"));
    }

    /** Who is counted apart. */
    public Scope scope() {
        return scope;
    }

    /** What is counted. */
    public Unit unit() {
        return unit;
    }

    /** Over what period. */
    public BudgetWindow window() {
        return window;
    }

    /** The limit in {@link #unit()}s (micro-dollars for spend). */
    public long limit() {
        return limit;
    }

    /** The store key of the counter this call is charged to, or empty when the budget does not apply to it. */
    Optional<String> key(ChatRequest request, String model) {
        Optional<String> who = switch (scope) {
            case GLOBAL -> Optional.of("*");
            case TENANT -> request.context().tenant();
            case USER -> request.context().user();
            case BUDGET_KEY -> request.context().budgetKey();
            case MODEL -> Optional.of(model);
            case TAG -> request.tags().contains(tag) ? Optional.of(tag) : Optional.empty();
        };
        return who.map(w -> "llmkit:budget:" + scope.name().toLowerCase(java.util.Locale.ROOT) + ":" + w + ":"
                + unit.name().toLowerCase(java.util.Locale.ROOT) + ":" + window.length().toMillis());
    }

    /** A description for errors: what, per whom, per what window. */
    String describe() {
        String amount = unit == Unit.MICRO_DOLLARS
                ? "$" + BigDecimal.valueOf(limit).divide(MICROS_PER_DOLLAR).stripTrailingZeros().toPlainString()
                : limit + " " + unit.name().toLowerCase(java.util.Locale.ROOT);
        String per = window.length().isZero() ? "in total" : "per " + window.length();
        return amount + " " + per + " per " + scope.name().toLowerCase(java.util.Locale.ROOT)
                + (tag.isEmpty() ? "" : " '" + tag + "'");
    }

    @Override
    public String toString() {
        return "Budget{" + describe() + "}";
    }

    /** Who a budget counts apart. */
    public enum Scope {
        /** One counter for every call. */
        GLOBAL,
        /** One counter per tenant ({@code CallContext.tenant()}). */
        TENANT,
        /** One counter per end user ({@code CallContext.user()}). */
        USER,
        /** One counter per budget key ({@code CallContext.budgetKey()}). */
        BUDGET_KEY,
        /** One counter per model name. */
        MODEL,
        /** One counter for calls with one tag ({@link #forTag(String)}). */
        TAG
    }

    /** What a budget counts. */
    public enum Unit {
        /** Calls. */
        REQUESTS,
        /** Input plus output tokens. */
        TOKENS,
        /** Millionths of a US dollar. */
        MICRO_DOLLARS
    }
}
