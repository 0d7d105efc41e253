package dev.llmkit.api.rag;

import java.util.List;

/**
 * Stores chunks with their vectors and finds the nearest to a query vector: the SPI behind dense retrieval
 * (the Lucene index, SolrCloud, or any LangChain4j {@code EmbeddingStore} through the bridge).
 * Implementations are thread-safe.
 */
public interface VectorStore {

    /** Adds chunks, replacing any stored chunk with the same id. */
    void upsert(List<EmbeddedChunk> chunks);

    /** Removes every chunk of a document; returns how many were removed, or -1 when the store cannot tell. */
    long deleteDocument(String documentId);

    /**
     * The {@code topK} chunks nearest to {@code vector} that match {@code filter}, best first, scored by cosine
     * similarity.
     */
    List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter);
}
