package dev.llmkit.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a tool knows about the call that asked for it: the call's {@link CallContext} (call id, tenant, user for an
 * approval gate, deadline), whether the call was cancelled, and the budget left. A tool that runs long checks
 * {@link #isCancelled()} and {@link #remaining()} and stops early. Immutable.
 *
 * <pre>{@code
 * public ToolResult execute(ToolCall call, ToolContext context) {
 *     if (context.user().isEmpty()) {
 *         return ToolResult.error("refunds need a signed-in user");
 *     }
 *     ...
 * }
 * }</pre>
 */
public final class ToolContext {
    private static final BooleanSupplier NEVER = () -> false;

    private final CallContext call;
    private final BooleanSupplier cancelled;
    private final @Nullable BigDecimal budgetLeft;

    private ToolContext(CallContext call, BooleanSupplier cancelled, @Nullable BigDecimal budgetLeft) {
        this.call = Objects.requireNonNull(call, "call");
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
        if (budgetLeft != null && budgetLeft.signum() < 0) {
            throw new IllegalArgumentException("budgetLeft must not be negative, got " + budgetLeft);
        }
        this.budgetLeft = budgetLeft;
    }

    /** A context for a tool run on behalf of {@code call}, never cancelled and without a budget. */
    public static ToolContext of(CallContext call) {
        return new ToolContext(call, NEVER, null);
    }

    /** A context for tests and direct calls: a fresh call context. */
    public static ToolContext standalone() {
        return of(CallContext.create());
    }

    /** This context with a cancellation signal, e.g. the agent loop's {@link StreamHandle#isCancelled()}. */
    public ToolContext withCancellation(BooleanSupplier cancelled) {
        return new ToolContext(call, cancelled, budgetLeft);
    }

    /** This context with the US dollars left in the call's budget. */
    public ToolContext withBudgetLeft(BigDecimal budgetLeft) {
        return new ToolContext(call, cancelled, Objects.requireNonNull(budgetLeft, "budgetLeft"));
    }

    /** The call the tool runs for. */
    public CallContext call() {
        return call;
    }

    /** The call id. */
    public String callId() {
        return call.callId();
    }

    /** The end user the call is made for, for approval gates and audit. */
    public Optional<String> user() {
        return call.user();
    }

    /** The tenant the call is made for. */
    public Optional<String> tenant() {
        return call.tenant();
    }

    /** The call's deadline. */
    public Optional<Instant> deadline() {
        return call.deadline();
    }

    /** Time left until the deadline (zero once it passed); empty without a deadline. */
    public Optional<Duration> remaining() {
        Instant d = call.deadlineOrNull();
        if (d == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(Instant.now(), d);
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** Whether the call was cancelled: a tool should stop and return. */
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    /** US dollars left in the call's budget, when it has one. */
    public Optional<BigDecimal> budgetLeft() {
        return Optional.ofNullable(budgetLeft);
    }

    @Override
    public String toString() {
        return "ToolContext{" + call + (budgetLeft == null ? "" : ", budgetLeft=" + budgetLeft.toPlainString()) + "}";
    }
}
