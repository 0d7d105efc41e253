package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A budget took a call's estimate: which budget, for which key, and what is left of it in the current window.
 * Reported once per budget that applies, before the call is sent (a refusal is a {@link RejectedEvent} instead).
 *
 * <p>Built by decorators through {@link #builder()}; new values may be added in later versions without breaking
 * listeners or builders. Immutable.
 */
public final class BudgetEvent implements CallEvent {
    private final ChatRequest request;
    private final String budget;
    private final String key;
    private final String unit;
    private final long spent;
    private final long limit;

    private BudgetEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "BudgetEvent: request is required");
        budget = Objects.requireNonNull(b.budget, "BudgetEvent: budget is required");
        key = Objects.requireNonNull(b.key, "BudgetEvent: key is required");
        unit = Objects.requireNonNull(b.unit, "BudgetEvent: unit is required");
        spent = b.spent;
        limit = b.limit;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The budget, as it describes itself (e.g. {@code "$50.00 per tenant per day"}). */
    public String budget() {
        return budget;
    }

    /**
     * The counter charged: stable per budget and who it counts (tenant, user, tag, model or {@code *}), e.g.
     * {@code llmkit:budget:tenant:acme:micro_dollars:86400000}.
     */
    public String key() {
        return key;
    }

    /** What the amounts count: {@code usd_micros}, {@code tokens} or {@code requests}. */
    public String unit() {
        return unit;
    }

    /** Spent in the current window, this call's estimate included. */
    public long spent() {
        return spent;
    }

    /** The window's limit. */
    public long limit() {
        return limit;
    }

    /** What is left in the current window. */
    public long remaining() {
        return Math.max(0, limit - spent);
    }

    @Override
    public String toString() {
        return "BudgetEvent{callId=" + callId() + ", budget=" + budget + ", spent=" + spent + "/" + limit + " "
                + unit + "}";
    }

    /** Builds a {@link BudgetEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String budget;
        private @Nullable String key;
        private @Nullable String unit;
        private long spent;
        private long limit;

        private Builder() {}

        /** The request charged. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The budget's description. */
        public Builder budget(String budget) {
            this.budget = budget;
            return this;
        }

        /** The key charged. */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        /** The unit of the amounts. */
        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        /** Spent in the window, this call included, and the limit. */
        public Builder spent(long spent, long limit) {
            this.spent = spent;
            this.limit = limit;
            return this;
        }

        /** Builds and validates. */
        public BudgetEvent build() {
            return new BudgetEvent(this);
        }
    }
}
