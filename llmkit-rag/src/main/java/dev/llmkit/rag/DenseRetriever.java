package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.List;
import java.util.Objects;

/**
 * Dense retrieval: embeds the query with {@link EmbeddingModel#embedQuery} and asks a {@link VectorStore} (the
 * Lucene HNSW index, or any other) for the nearest chunks. Scores are cosine similarities.
 */
public final class DenseRetriever implements Retriever {
    private final VectorStore store;
    private final EmbeddingModel embeddings;

    /** A dense retriever over {@code store}, embedding queries with {@code embeddings}. */
    public DenseRetriever(VectorStore store, EmbeddingModel embeddings) {
        this.store = Objects.requireNonNull(store, "store");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    }

    @Override
    public List<ScoredChunk> retrieve(Query query) {
        return store.search(embeddings.embedQuery(query.text()), query.topK(), query.filter());
    }

    /** Retrieval with an already computed query vector. */
    public List<ScoredChunk> retrieve(float[] queryVector, Query query) {
        return store.search(queryVector, query.topK(), query.filter());
    }

    @Override
    public String toString() {
        return "dense";
    }
}
