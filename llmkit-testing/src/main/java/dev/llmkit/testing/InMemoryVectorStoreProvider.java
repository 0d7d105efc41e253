package dev.llmkit.testing;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.api.spi.VectorStoreProvider;
import java.util.Map;

/**
 * Registers {@link InMemoryVectorStore} as the vector store plug-in {@value #NAME}, so code that picks its store by
 * name can run on it in tests: {@code Plugins.vectorStore("memory", Map.of("dimension", "64"))}.
 */
public final class InMemoryVectorStoreProvider implements VectorStoreProvider {
    /** The plug-in's name. */
    public static final String NAME = "memory";
    /** Setting (required): the vector dimension. */
    public static final String DIMENSION = "dimension";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public InMemoryVectorStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VectorStore create(Map<String, String> properties) {
        String d = properties.get(DIMENSION);
        try {
            return new InMemoryVectorStore(Integer.parseInt(d == null ? "" : d.strip()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The memory store plug-in needs the setting 'dimension', a whole number"
                    + " of at least 1; got '" + d + "'");
        }
    }
}
