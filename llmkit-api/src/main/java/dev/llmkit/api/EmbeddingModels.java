package dev.llmkit.api;

import dev.llmkit.api.spi.EmbeddingModelProvider;
import dev.llmkit.api.spi.ProviderLookup;
import java.util.Map;

/**
 * Creates embedding models from a spec such as {@code "openai:text-embedding-3-small"}, finding the provider on the classpath
 * through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * EmbeddingModel model = EmbeddingModels.create("local:bge-small-en-v1.5");
 * }</pre>
 */
public final class EmbeddingModels {
    private static final ProviderLookup<EmbeddingModelProvider> LOOKUP =
            new ProviderLookup<>(EmbeddingModelProvider.class, EmbeddingModelProvider::prefixes);

    private EmbeddingModels() {}

    /**
     * Creates the model a spec names.
     *
     * @param spec {@code prefix:model}
     * @param properties provider settings; see {@link dev.llmkit.api.spi.ChatModelProvider#API_KEY} and {@code BASE_URL}, which apply here too
     * @throws dev.llmkit.api.error.ConfigurationException for a malformed spec, an unknown prefix or bad settings
     */
    public static EmbeddingModel create(String spec, Map<String, String> properties) {
        Map.Entry<String, String> parts = ProviderLookup.split(spec);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        EmbeddingModelProvider provider = LOOKUP.find(parts.getKey(), loader != null ? loader : EmbeddingModels.class.getClassLoader());
        return provider.create(parts.getKey(), parts.getValue(), Map.copyOf(properties));
    }

    /** Creates the model a spec names, with settings from the environment only. */
    public static EmbeddingModel create(String spec) {
        return create(spec, Map.of());
    }
}
