package dev.llmkit.api.spi;

import dev.llmkit.api.rag.VectorStore;
import java.util.Map;

/**
 * Creates {@link VectorStore}s by name: {@code lucene} (in {@code llmkit-rag}), or a store of your own (SolrCloud,
 * pgvector). The store it creates usually also plays the {@link dev.llmkit.api.rag.KeywordIndex} and
 * {@link dev.llmkit.api.rag.DocumentCatalog} roles; callers check with {@code instanceof}.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.llmkit.api.spi.VectorStoreProvider};
 * {@link Plugins} finds it by {@link #name()} with {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor. Two registrations with one name are an error ({@link DuplicatePluginException}).
 *
 * <pre>{@code
 * VectorStore store = Plugins.vectorStore("lucene", Map.of("path", "index", "embedding-model", "bge-small-en-v1.5-q",
 *         "dimension", "384"));
 * }</pre>
 */
public interface VectorStoreProvider {

    /** The plug-in's name, unique among VectorStoreProviders, lower case, e.g. {@code lucene}. */
    String name();

    /**
     * Creates one instance.
     *
     * @param properties settings; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    VectorStore create(Map<String, String> properties);
}
