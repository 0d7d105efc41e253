package dev.llmkit.providers.openai;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.spi.EmbeddingModelProvider;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code openai:}, {@code azure:}, {@code vllm:} and {@code ollama:} embedding specs to
 * {@link dev.llmkit.api.EmbeddingModels}, with the settings of {@link OpenAiCompatibleProvider} plus a required
 * {@code dimension} property and an optional {@value #MAX_BATCH_SIZE} (texts per request, default
 * {@value OpenAiCompatibleEmbeddingModel#DEFAULT_MAX_BATCH_SIZE}).
 */
public final class OpenAiCompatibleEmbeddingProvider implements EmbeddingModelProvider {
    /** Property: texts per request, e.g. {@code "32"} for a TEI server started with that client batch size. */
    public static final String MAX_BATCH_SIZE = "max-batch-size";

    /** Used by {@link java.util.ServiceLoader}. */
    public OpenAiCompatibleEmbeddingProvider() {
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("openai", "azure", "vllm", "ollama");
    }

    @Override
    public EmbeddingModel create(String prefix, String model, Map<String, String> properties) {
        OpenAiCompatibleProvider.Endpoint e = OpenAiCompatibleProvider.endpoint(prefix, properties);
        String dim = properties.get("dimension");
        if (dim == null) {
            throw new ConfigurationException(prefix + ":" + model + " needs the 'dimension' property (the vectors' length)");
        }
        OpenAiCompatibleEmbeddingModel.Builder b = OpenAiCompatibleEmbeddingModel.builder().baseUrl(e.baseUrl())
                .apiKey(e.apiKey()).model(model).provider(prefix).dimension(number(prefix, model, "dimension", dim));
        String max = properties.get(MAX_BATCH_SIZE);
        if (max != null) {
            int n = number(prefix, model, MAX_BATCH_SIZE, max);
            if (n < 1) {
                throw new ConfigurationException(prefix + ":" + model + " needs a positive '" + MAX_BATCH_SIZE
                        + "', got " + n);
            }
            b.maxBatchSize(n);
        }
        return b.build();
    }

    private static int number(String prefix, String model, String property, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(prefix + ":" + model + " needs a whole number for '" + property
                    + "', got '" + value + "'");
        }
    }
}
