package dev.llmkit.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model is: its provider, its name, its context window and its prices, for routing and cost accounting.
 *
 * @param provider e.g. {@code "openai"}, {@code "anthropic"}, {@code "vllm"}
 * @param model the model name as the provider knows it
 * @param contextWindow the most tokens of prompt plus output, when known
 * @param inputPricePerMillion price per million input tokens in US dollars, when known
 * @param outputPricePerMillion price per million output tokens in US dollars, when known
 */
public record ModelInfo(
        String provider,
        String model,
        Optional<Integer> contextWindow,
        Optional<BigDecimal> inputPricePerMillion,
        Optional<BigDecimal> outputPricePerMillion) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Validates. */
    public ModelInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (provider.isBlank() || model.isBlank()) {
            throw new IllegalArgumentException("provider and model must not be blank");
        }
        Objects.requireNonNull(contextWindow, "contextWindow");
        contextWindow.ifPresent(w -> {
            if (w < 1) {
                throw new IllegalArgumentException("contextWindow must be positive, got " + w);
            }
        });
        Objects.requireNonNull(inputPricePerMillion, "inputPricePerMillion");
        Objects.requireNonNull(outputPricePerMillion, "outputPricePerMillion");
        inputPricePerMillion.ifPresent(ModelInfo::requireNonNegative);
        outputPricePerMillion.ifPresent(ModelInfo::requireNonNegative);
    }

    private static void requireNonNegative(BigDecimal price) {
        if (price.signum() < 0) {
            throw new IllegalArgumentException("prices must not be negative, got " + price);
        }
    }

    /** A model of which only the provider and name are known. */
    public static ModelInfo of(String provider, String model) {
        return new ModelInfo(provider, model, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A model whose provider is not known. */
    public static ModelInfo unknown(String model) {
        return of("unknown", model);
    }

    /** A copy with a context window. */
    public ModelInfo withContextWindow(int tokens) {
        return new ModelInfo(provider, model, Optional.of(tokens), inputPricePerMillion, outputPricePerMillion);
    }

    /** A copy with prices per million input and output tokens, in US dollars. */
    public ModelInfo withPrices(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        return new ModelInfo(provider, model, contextWindow, Optional.of(inputPerMillion), Optional.of(outputPerMillion));
    }

    /** The cost of a call's usage in US dollars, when both prices are known. Cached input is billed as input. */
    public Optional<BigDecimal> cost(Usage usage) {
        if (inputPricePerMillion.isEmpty() || outputPricePerMillion.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal in = inputPricePerMillion.get().multiply(BigDecimal.valueOf(usage.inputTokens()));
        BigDecimal out = outputPricePerMillion.get().multiply(BigDecimal.valueOf(usage.outputTokens()));
        return Optional.of(in.add(out).divide(MILLION, MathContext.DECIMAL64));
    }
}
