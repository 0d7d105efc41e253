package dev.llmkit.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one agent run may spend: model steps, tokens, dollars and wall time, and how many times it may repeat the very
 * same tool call before it counts as stuck. A run that reaches a limit ends with that {@link AgentOutcome} and the
 * transcript so far. Immutable; {@link #defaults()} and {@link #toBuilder()}.
 */
public final class AgentBudget {
    /** Model calls per run by default. */
    public static final int DEFAULT_MAX_STEPS = 10;
    /** Identical tool calls (same name and arguments) allowed per run by default. */
    public static final int DEFAULT_MAX_REPEATS = 2;
    private static final AgentBudget DEFAULTS = builder().build();

    private final int maxSteps;
    private final long maxTokens;
    private final @Nullable BigDecimal maxCost;
    private final @Nullable Duration maxTime;
    private final int maxRepeats;

    private AgentBudget(Builder b) {
        this.maxSteps = b.maxSteps;
        this.maxTokens = b.maxTokens;
        this.maxCost = b.maxCost;
        this.maxTime = b.maxTime;
        this.maxRepeats = b.maxRepeats;
    }

    /** {@value #DEFAULT_MAX_STEPS} steps, no token, cost or time limit, {@value #DEFAULT_MAX_REPEATS} repeats. */
    public static AgentBudget defaults() {
        return DEFAULTS;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this budget's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxSteps = maxSteps;
        b.maxTokens = maxTokens;
        b.maxCost = maxCost;
        b.maxTime = maxTime;
        b.maxRepeats = maxRepeats;
        return b;
    }

    /** Model calls per run. */
    public int maxSteps() {
        return maxSteps;
    }

    /** Input plus output tokens per run; {@code Long.MAX_VALUE} for no limit. */
    public long maxTokens() {
        return maxTokens;
    }

    /** Dollars per run, counted from the responses' costs; empty for no limit. */
    public Optional<BigDecimal> maxCost() {
        return Optional.ofNullable(maxCost);
    }

    /** Wall time per run (a resumed run starts a new clock); empty for no limit. */
    public Optional<Duration> maxTime() {
        return Optional.ofNullable(maxTime);
    }

    /** How many times one identical tool call may run before the run counts as stuck. */
    public int maxRepeats() {
        return maxRepeats;
    }

    @Override
    public String toString() {
        return "AgentBudget{steps=" + maxSteps + (maxTokens == Long.MAX_VALUE ? "" : ", tokens=" + maxTokens)
                + (maxCost == null ? "" : ", cost=$" + maxCost) + (maxTime == null ? "" : ", time=" + maxTime)
                + ", repeats=" + maxRepeats + "}";
    }

    /** Builds an {@link AgentBudget}. Not thread-safe. */
    public static final class Builder {
        private int maxSteps = DEFAULT_MAX_STEPS;
        private long maxTokens = Long.MAX_VALUE;
        private @Nullable BigDecimal maxCost;
        private @Nullable Duration maxTime;
        private int maxRepeats = DEFAULT_MAX_REPEATS;

        private Builder() {}

        /** Model calls per run, at least 1. */
        public Builder maxSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("maxSteps must be at least 1, was " + steps);
            }
            this.maxSteps = steps;
            return this;
        }

        /** Input plus output tokens per run, at least 1. */
        public Builder maxTokens(long tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, was " + tokens);
            }
            this.maxTokens = tokens;
            return this;
        }

        /** Dollars per run. */
        public Builder maxCost(BigDecimal dollars) {
            if (Objects.requireNonNull(dollars, "dollars").signum() <= 0) {
                throw new IllegalArgumentException("maxCost must be positive, was " + dollars);
            }
            this.maxCost = dollars;
            return this;
        }

        /** Wall time per run. */
        public Builder maxTime(Duration time) {
            if (Objects.requireNonNull(time, "time").isNegative() || time.isZero()) {
                throw new IllegalArgumentException("maxTime must be positive, was " + time);
            }
            this.maxTime = time;
            return this;
        }

        /** Identical tool calls allowed per run, at least 1. */
        public Builder maxRepeats(int repeats) {
            if (repeats < 1) {
                throw new IllegalArgumentException("maxRepeats must be at least 1, was " + repeats);
            }
            this.maxRepeats = repeats;
            return this;
        }

        /** Builds the budget. */
        public AgentBudget build() {
            return new AgentBudget(this);
        }
    }
}
