package dev.llmkit.api.spi;

import dev.llmkit.api.EmbeddingModel;
import java.util.Map;
import java.util.Set;

/**
 * Creates embedding models for one or more prefixes of a model spec such as {@code "openai:text-embedding-3-small"}
 * or {@code "local:bge-small-en-v1.5"}. Register an implementation in
 * {@code META-INF/services/dev.llmkit.api.spi.EmbeddingModelProvider}.
 */
public interface EmbeddingModelProvider {

    /** The prefixes this provider serves, lower case. */
    Set<String> prefixes();

    /**
     * Creates a model.
     *
     * @param prefix the spec's prefix, one of {@link #prefixes()}
     * @param model the part of the spec after the first colon
     * @param properties settings; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    EmbeddingModel create(String prefix, String model, Map<String, String> properties);
}
