package dev.llmkit.rag;

import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.api.spi.VectorStoreProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * Registers {@link LuceneIndex} as the vector store plug-in {@value #NAME}:
 * {@code Plugins.vectorStore("lucene", Map.of("path", "index", "embedding-model", "bge-small-en-v1.5-q",
 * "dimension", "384"))}. Without {@value #PATH} the index lives in memory. The returned store also plays the
 * {@link dev.llmkit.api.rag.KeywordIndex} and {@link dev.llmkit.api.rag.DocumentCatalog} roles; the caller closes it.
 */
public final class LuceneIndexProvider implements VectorStoreProvider {
    /** The plug-in's name. */
    public static final String NAME = "lucene";
    /** Setting: the index folder; absent for an index in memory. */
    public static final String PATH = "path";
    /** Setting (required): the embedding model's name the index is built with. */
    public static final String EMBEDDING_MODEL = "embedding-model";
    /** Setting (required): the vector dimension. */
    public static final String DIMENSION = "dimension";
    /** Setting: {@code true} opens the folder read-only ({@link LuceneIndex#openReadOnly}); default false. */
    public static final String READ_ONLY = "read-only";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public LuceneIndexProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens or creates the index.
     *
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed, or the
     *     index was built with another model or dimension
     * @throws java.io.UncheckedIOException when the folder cannot be opened (e.g. another writer holds it)
     */
    @Override
    public VectorStore create(Map<String, String> properties) {
        String model = PluginSettings.required(NAME, properties, EMBEDDING_MODEL);
        int dimension = PluginSettings.intValue(NAME, properties, DIMENSION, -1);
        if (dimension == -1) {
            PluginSettings.required(NAME, properties, DIMENSION);
        }
        boolean readOnly = PluginSettings.booleanValue(NAME, properties, READ_ONLY);
        String path = properties.get(PATH);
        if (path == null || path.isBlank()) {
            if (readOnly) {
                throw new dev.llmkit.api.error.ConfigurationException("The lucene plug-in cannot open an index in"
                        + " memory read-only; give the setting '" + PATH + "'");
            }
            return PluginSettings.build(NAME, () -> LuceneIndex.inMemory(model, dimension));
        }
        Path folder = Path.of(path.strip());
        return PluginSettings.build(NAME, () -> readOnly ? LuceneIndex.openReadOnly(folder, model, dimension)
                : LuceneIndex.open(folder, model, dimension));
    }
}
