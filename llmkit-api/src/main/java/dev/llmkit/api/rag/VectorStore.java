package dev.llmkit.api.rag;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stores chunks with their vectors and finds the nearest to a query vector: the role behind dense retrieval (the
 * Lucene index, SolrCloud, pgvector, or any LangChain4j {@code EmbeddingStore} through the bridge). A store that also
 * answers keyword queries implements {@link KeywordIndex}; one that remembers which documents it holds, so an ingest
 * can skip unchanged ones, implements {@link DocumentCatalog}. Implementations are thread-safe.
 *
 * <p><b>Visibility and durability.</b> Writes may be buffered: {@link #upsert}, {@link #deleteDocument} and
 * {@link #deleteWhere} are visible to this instance's searches when they return; they are durable (and visible to other
 * readers of a shared store) after {@link #flush()}. {@link #close()} releases the store's resources; whether it
 * flushes is the store's to document (the Lucene index does not).
 *
 * <p>{@code dev.llmkit.testing.contract.VectorStoreContract} in {@code llmkit-testing} is the test suite every store
 * passes; {@code docs/extending.md} shows how to write one.
 */
public interface VectorStore extends AutoCloseable {

    /** Adds chunks, replacing any stored chunk with the same id. */
    void upsert(List<EmbeddedChunk> chunks);

    /** Removes every chunk of a document; returns how many were removed, or -1 when the store cannot tell. */
    long deleteDocument(String documentId);

    /**
     * Removes every chunk whose metadata matches {@code filter} ({@link MetadataFilter#ALL} empties the store).
     *
     * @return how many chunks were removed, or -1 when the store cannot tell
     */
    long deleteWhere(MetadataFilter filter);

    /**
     * The {@code topK} chunks nearest to {@code vector} that match {@code filter}, best first, scored by cosine
     * similarity.
     *
     * @throws IllegalArgumentException when the vector's dimension is not the store's
     */
    List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter);

    /**
     * The stored vectors of the chunks with these ids; ids the store does not hold are absent from the result. The
     * arrays are copies the caller may keep. Pseudo-relevance feedback ({@code DenseRetriever.withFeedback}) reads
     * them.
     */
    Map<String, float[]> vectors(Collection<String> chunkIds);

    /** Makes every write so far durable and visible to every reader of the store. */
    void flush();

    /** Releases the store's resources. Calls after {@code close()} may fail. */
    @Override
    void close();
}
