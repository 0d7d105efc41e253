package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ModelInfo;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One deployment of a pool's logical model: a name, the {@link ChatModel} that calls it, a weight, optional
 * requests-per-minute and tokens-per-minute limits, and what it is ({@link #info()}: context window and prices, by
 * default the model's own {@link ChatModel#info()}). Immutable; build one with {@link #builder(String, ChatModel)}.
 *
 * <pre>{@code
 * Deployment gpuA = Deployment.builder("gpu-a", vllmA).weight(2).rpm(600).contextWindow(32_768).build();
 * Deployment managed = Deployment.builder("openai", openai).tpm(2_000_000)
 *         .info(openai.info().withPrices(new BigDecimal("0.15"), new BigDecimal("0.60"))).build();
 * }</pre>
 */
public final class Deployment {
    /** The weight of a deployment that does not set one. */
    public static final int DEFAULT_WEIGHT = 1;

    private final String name;
    private final ChatModel model;
    private final int weight;
    private final @Nullable Long rpm;
    private final @Nullable Long tpm;
    private final ModelInfo info;

    private Deployment(Builder b) {
        name = b.name;
        model = b.model;
        weight = b.weight;
        rpm = b.rpm;
        tpm = b.tpm;
        ModelInfo i = b.info != null ? b.info : model.info();
        info = b.contextWindow != null ? i.withContextWindow(b.contextWindow) : i;
    }

    /** A deployment named {@code name} (unique within its pool) that calls {@code model}. */
    public static Builder builder(String name, ChatModel model) {
        return new Builder(name, model);
    }

    /** A deployment with default settings: weight 1, no limits, the model's own info. */
    public static Deployment of(String name, ChatModel model) {
        return builder(name, model).build();
    }

    /** A builder holding this deployment's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name, model).weight(weight).info(info);
        b.rpm = rpm;
        b.tpm = tpm;
        return b;
    }

    /** The deployment's name, unique within its pool; reported on responses and events. */
    public String name() {
        return name;
    }

    /** The model that calls this deployment. */
    public ChatModel model() {
        return model;
    }

    /** The relative share of traffic weighted strategies give it; at least 1. */
    public int weight() {
        return weight;
    }

    /** Requests per minute this deployment accepts, when limited. */
    public OptionalLong rpm() {
        return rpm == null ? OptionalLong.empty() : OptionalLong.of(rpm);
    }

    /** Tokens per minute this deployment accepts, when limited. */
    public OptionalLong tpm() {
        return tpm == null ? OptionalLong.empty() : OptionalLong.of(tpm);
    }

    /** What the deployment is: provider, model, context window, prices. */
    public ModelInfo info() {
        return info;
    }

    /** The context window in tokens, when known. */
    public Optional<Integer> contextWindow() {
        return info.contextWindow();
    }

    @Override
    public String toString() {
        return "Deployment{" + name + ", weight=" + weight + (rpm == null ? "" : ", rpm=" + rpm)
                + (tpm == null ? "" : ", tpm=" + tpm) + ", " + info + "}";
    }

    /** Builds a {@link Deployment}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final ChatModel model;
        private int weight = DEFAULT_WEIGHT;
        private @Nullable Long rpm;
        private @Nullable Long tpm;
        private @Nullable Integer contextWindow;
        private @Nullable ModelInfo info;

        private Builder(String name, ChatModel model) {
            this.name = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a deployment's name must not be blank");
            }
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The relative share of traffic for weighted strategies; at least 1, default {@link #DEFAULT_WEIGHT}. */
        public Builder weight(int weight) {
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be at least 1, got " + weight
                        + "; remove the deployment from the pool to give it no traffic");
            }
            this.weight = weight;
            return this;
        }

        /** Requests per minute the deployment accepts; {@code null} for no limit. */
        public Builder rpm(@Nullable Long rpm) {
            this.rpm = positive(rpm, "rpm");
            return this;
        }

        /** Requests per minute the deployment accepts. */
        public Builder rpm(long rpm) {
            return rpm(Long.valueOf(rpm));
        }

        /** Tokens per minute (input plus output) the deployment accepts; {@code null} for no limit. */
        public Builder tpm(@Nullable Long tpm) {
            this.tpm = positive(tpm, "tpm");
            return this;
        }

        /** Tokens per minute (input plus output) the deployment accepts. */
        public Builder tpm(long tpm) {
            return tpm(Long.valueOf(tpm));
        }

        /** The context window in tokens, overriding the one in {@link #info(ModelInfo)}; {@code null} to keep it. */
        public Builder contextWindow(@Nullable Integer tokens) {
            if (tokens != null && tokens < 1) {
                throw new IllegalArgumentException("contextWindow must be positive, got " + tokens);
            }
            this.contextWindow = tokens;
            return this;
        }

        /** What the deployment is (context window, prices); {@code null} for the model's own {@code info()}. */
        public Builder info(@Nullable ModelInfo info) {
            this.info = info;
            return this;
        }

        /** Builds the deployment. */
        public Deployment build() {
            return new Deployment(this);
        }

        private static @Nullable Long positive(@Nullable Long v, String what) {
            if (v != null && v < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + v + "; leave it unset for no limit");
            }
            return v;
        }
    }
}
