package dev.llmkit.routing.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * When a pool takes a deployment out of rotation (passive health): {@link #failures()} failures within
 * {@link #window()} put it in cooldown for {@link #cooldown()}; a rate limit (HTTP 429) or a refusal that says when it
 * lifts (an open circuit breaker) puts it in cooldown at once, for the {@code Retry-After} it carries (at most
 * {@link #maxCooldown()}), or for {@link #cooldown()} when it carries none. Immutable; every default is a constant.
 *
 * <pre>{@code
 * CooldownConfig health = CooldownConfig.builder().failures(5).window(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class CooldownConfig {
    /** Failures within the window that put a deployment in cooldown. */
    public static final int DEFAULT_FAILURES = 3;
    /** The window failures are counted in. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** How long a deployment stays out after too many failures, or after a 429 without {@code Retry-After}. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);
    /** The longest cooldown a {@code Retry-After} can ask for. */
    public static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofMinutes(10);
    /** The defaults. */
    public static final CooldownConfig DEFAULTS = builder().build();

    private final int failures;
    private final Duration window;
    private final Duration cooldown;
    private final Duration maxCooldown;

    private CooldownConfig(Builder b) {
        failures = b.failures;
        window = b.window;
        cooldown = b.cooldown;
        maxCooldown = b.maxCooldown;
        if (cooldown.compareTo(maxCooldown) > 0) {
            throw new IllegalArgumentException("cooldown " + cooldown + " exceeds maxCooldown " + maxCooldown);
        }
    }

    /** Starts a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Failures within {@link #window()} that put a deployment in cooldown. */
    public int failures() {
        return failures;
    }

    /** The window failures are counted in. */
    public Duration window() {
        return window;
    }

    /** How long a deployment stays out after too many failures or a 429 without {@code Retry-After}. */
    public Duration cooldown() {
        return cooldown;
    }

    /** The longest cooldown a {@code Retry-After} can ask for. */
    public Duration maxCooldown() {
        return maxCooldown;
    }

    @Override
    public String toString() {
        return "CooldownConfig{" + failures + " failures in " + window + " -> " + cooldown + ", max " + maxCooldown + "}";
    }

    /** Builds a {@link CooldownConfig}. Not thread-safe. */
    public static final class Builder {
        private int failures = DEFAULT_FAILURES;
        private Duration window = DEFAULT_WINDOW;
        private Duration cooldown = DEFAULT_COOLDOWN;
        private Duration maxCooldown = DEFAULT_MAX_COOLDOWN;

        private Builder() {}

        /** Failures within the window that put a deployment in cooldown; at least 1. */
        public Builder failures(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("failures must be at least 1, got " + failures);
            }
            this.failures = failures;
            return this;
        }

        /** The window failures are counted in; positive. */
        public Builder window(Duration window) {
            this.window = positive(window, "window");
            return this;
        }

        /** How long a deployment stays out; positive. */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = positive(cooldown, "cooldown");
            return this;
        }

        /** The longest cooldown a {@code Retry-After} can ask for; positive. */
        public Builder maxCooldown(Duration maxCooldown) {
            this.maxCooldown = positive(maxCooldown, "maxCooldown");
            return this;
        }

        /** Builds and validates. */
        public CooldownConfig build() {
            return new CooldownConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
