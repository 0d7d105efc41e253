package dev.llmkit.providers.openai;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.spi.EmbeddingModelProvider;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code openai:}, {@code azure:}, {@code vllm:} and {@code ollama:} embedding specs to
 * {@link dev.llmkit.api.EmbeddingModels}, with the settings of {@link OpenAiCompatibleProvider} plus a required
 * {@code dimension} property.
 */
public final class OpenAiCompatibleEmbeddingProvider implements EmbeddingModelProvider {

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
        return OpenAiCompatibleEmbeddingModel.builder().baseUrl(e.baseUrl()).apiKey(e.apiKey()).model(model)
                .provider(prefix).dimension(Integer.parseInt(dim.trim())).build();
    }
}
