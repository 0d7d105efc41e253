package dev.llmkit.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a model is: its provider, its name, its context window and its prices, for routing and cost accounting.
 * Immutable; build one with {@link #of(String, String)} and the {@code with*} copies, or {@link #builder(String,
 * String)}.
 *
 * <p>Prices are US dollars per million tokens. Cached input has its own prices because providers bill it apart:
 * reads from the prompt cache cost less than input (OpenAI half or less, Anthropic a tenth), writes to it more
 * (Anthropic 1.25 times). When a cache price is unknown the input price applies.
 */
public final class ModelInfo {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final String provider;
    private final String model;
    private final @Nullable Integer contextWindow;
    private final @Nullable BigDecimal inputPrice;
    private final @Nullable BigDecimal outputPrice;
    private final @Nullable BigDecimal cacheReadPrice;
    private final @Nullable BigDecimal cacheWritePrice;

    private ModelInfo(Builder b) {
        provider = Objects.requireNonNull(b.provider, "provider");
        model = Objects.requireNonNull(b.model, "model");
        if (provider.isBlank() || model.isBlank()) {
            throw new IllegalArgumentException("provider and model must not be blank");
        }
        contextWindow = b.contextWindow;
        if (contextWindow != null && contextWindow < 1) {
            throw new IllegalArgumentException("contextWindow must be positive, got " + contextWindow);
        }
        inputPrice = nonNegative(b.inputPrice);
        outputPrice = nonNegative(b.outputPrice);
        cacheReadPrice = nonNegative(b.cacheReadPrice);
        cacheWritePrice = nonNegative(b.cacheWritePrice);
    }

    private static @Nullable BigDecimal nonNegative(@Nullable BigDecimal price) {
        if (price != null && price.signum() < 0) {
            throw new IllegalArgumentException("prices must not be negative, got " + price);
        }
        return price;
    }

    /** A model of which only the provider and name are known. */
    public static ModelInfo of(String provider, String model) {
        return builder(provider, model).build();
    }

    /** A model whose provider is not known. */
    public static ModelInfo unknown(String model) {
        return of("unknown", model);
    }

    /** Starts a builder. */
    public static Builder builder(String provider, String model) {
        return new Builder(provider, model);
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder(provider, model);
        b.contextWindow = contextWindow;
        b.inputPrice = inputPrice;
        b.outputPrice = outputPrice;
        b.cacheReadPrice = cacheReadPrice;
        b.cacheWritePrice = cacheWritePrice;
        return b;
    }

    /** E.g. {@code "openai"}, {@code "anthropic"}, {@code "vllm"}. */
    public String provider() {
        return provider;
    }

    /** The model name as the provider knows it. */
    public String model() {
        return model;
    }

    /** The most tokens of prompt plus output, when known. */
    public Optional<Integer> contextWindow() {
        return Optional.ofNullable(contextWindow);
    }

    /** Price per million input tokens, when known. */
    public Optional<BigDecimal> inputPricePerMillion() {
        return Optional.ofNullable(inputPrice);
    }

    /** Price per million output tokens (reasoning included), when known. */
    public Optional<BigDecimal> outputPricePerMillion() {
        return Optional.ofNullable(outputPrice);
    }

    /** Price per million input tokens read from the prompt cache, when known. */
    public Optional<BigDecimal> cacheReadPricePerMillion() {
        return Optional.ofNullable(cacheReadPrice);
    }

    /** Price per million input tokens written to the prompt cache, when known. */
    public Optional<BigDecimal> cacheWritePricePerMillion() {
        return Optional.ofNullable(cacheWritePrice);
    }

    /** A copy with a context window. */
    public ModelInfo withContextWindow(int tokens) {
        return toBuilder().contextWindow(tokens).build();
    }

    /** A copy with prices per million input and output tokens, in US dollars. */
    public ModelInfo withPrices(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        return toBuilder().inputPricePerMillion(inputPerMillion).outputPricePerMillion(outputPerMillion).build();
    }

    /** A copy with prices per million prompt-cache read and write tokens, in US dollars. */
    public ModelInfo withCachePrices(BigDecimal readPerMillion, BigDecimal writePerMillion) {
        return toBuilder().cacheReadPricePerMillion(readPerMillion).cacheWritePricePerMillion(writePerMillion).build();
    }

    /**
     * The cost of a call's usage in US dollars, when input and output prices are known: uncached input at the input
     * price, cache reads and writes at their prices (the input price where theirs is unknown), output at the output
     * price.
     */
    public Optional<BigDecimal> cost(Usage usage) {
        if (inputPrice == null || outputPrice == null) {
            return Optional.empty();
        }
        BigDecimal read = cacheReadPrice != null ? cacheReadPrice : inputPrice;
        BigDecimal write = cacheWritePrice != null ? cacheWritePrice : inputPrice;
        BigDecimal total = inputPrice.multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(read.multiply(BigDecimal.valueOf(usage.cacheReadInputTokens())))
                .add(write.multiply(BigDecimal.valueOf(usage.cacheWriteInputTokens())))
                .add(outputPrice.multiply(BigDecimal.valueOf(usage.outputTokens())));
        return Optional.of(total.divide(MILLION, MathContext.DECIMAL64));
    }

    /** Equal when every value is equal (prices by {@link BigDecimal#compareTo}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && provider.equals(m.provider) && model.equals(m.model)
                && Objects.equals(contextWindow, m.contextWindow) && samePrice(inputPrice, m.inputPrice)
                && samePrice(outputPrice, m.outputPrice) && samePrice(cacheReadPrice, m.cacheReadPrice)
                && samePrice(cacheWritePrice, m.cacheWritePrice);
    }

    private static boolean samePrice(@Nullable BigDecimal a, @Nullable BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, model, contextWindow);
    }

    @Override
    public String toString() {
        return "ModelInfo{" + provider + "/" + model
                + (contextWindow == null ? "" : ", contextWindow=" + contextWindow)
                + (inputPrice == null ? "" : ", in=" + inputPrice.toPlainString())
                + (outputPrice == null ? "" : ", out=" + outputPrice.toPlainString())
                + (cacheReadPrice == null ? "" : ", cacheRead=" + cacheReadPrice.toPlainString())
                + (cacheWritePrice == null ? "" : ", cacheWrite=" + cacheWritePrice.toPlainString()) + "}";
    }

    /** Builds a {@link ModelInfo}. Not thread-safe. */
    public static final class Builder {
        private final String provider;
        private final String model;
        private @Nullable Integer contextWindow;
        private @Nullable BigDecimal inputPrice;
        private @Nullable BigDecimal outputPrice;
        private @Nullable BigDecimal cacheReadPrice;
        private @Nullable BigDecimal cacheWritePrice;

        private Builder(String provider, String model) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The context window in tokens; {@code null} when unknown. */
        public Builder contextWindow(@Nullable Integer tokens) {
            contextWindow = tokens;
            return this;
        }

        /** US dollars per million input tokens; {@code null} when unknown. */
        public Builder inputPricePerMillion(@Nullable BigDecimal price) {
            inputPrice = price;
            return this;
        }

        /** US dollars per million output tokens; {@code null} when unknown. */
        public Builder outputPricePerMillion(@Nullable BigDecimal price) {
            outputPrice = price;
            return this;
        }

        /** US dollars per million prompt-cache read tokens; {@code null} to bill them as input. */
        public Builder cacheReadPricePerMillion(@Nullable BigDecimal price) {
            cacheReadPrice = price;
            return this;
        }

        /** US dollars per million prompt-cache write tokens; {@code null} to bill them as input. */
        public Builder cacheWritePricePerMillion(@Nullable BigDecimal price) {
            cacheWritePrice = price;
            return this;
        }

        /** Builds and validates. */
        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}
