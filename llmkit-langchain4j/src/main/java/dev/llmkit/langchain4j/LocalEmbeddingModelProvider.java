package dev.llmkit.langchain4j;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.spi.EmbeddingModelProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code local:bge-small-en-v1.5} and {@code local:all-minilm-l6-v2} to
 * {@link dev.llmkit.api.EmbeddingModels#create(String, Map)}.
 */
public final class LocalEmbeddingModelProvider implements EmbeddingModelProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public LocalEmbeddingModelProvider() {
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("local");
    }

    @Override
    public EmbeddingModel create(String prefix, String model, Map<String, String> properties) {
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "bge-small-en-v1.5", "bge-small-en-v1.5-q", "bge-small", "default" -> LocalEmbeddings.bgeSmallEnV15();
            case "all-minilm-l6-v2", "all-minilm-l6-v2-q", "minilm" -> LocalEmbeddings.allMiniLmL6V2();
            default -> throw new ConfigurationException("Unknown local embedding model '" + model
                    + "'. Use local:bge-small-en-v1.5 (default) or local:all-minilm-l6-v2.");
        };
    }
}
