package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Retriever} must show. Extend it and return a retriever over the given documents
 * (each short enough to be one chunk).
 */
public abstract class RetrieverContract {

    /** A retriever whose index holds exactly these documents. */
    protected abstract Retriever retrieverOver(List<Document> documents);

    /** Five short documents on distinct topics, with a {@code topic} metadata entry. */
    protected static List<Document> corpus() {
        return List.of(
                new Document("retry", "Retry failed calls with exponential backoff and full jitter after rate limits.",
                        "retry.md", Map.of("topic", "resilience")),
                new Document("breaker", "A circuit breaker opens after many failures and stops calls to a sick service.",
                        "breaker.md", Map.of("topic", "resilience")),
                new Document("bm25", "BM25 ranks documents by term frequency and inverse document frequency.",
                        "bm25.md", Map.of("topic", "search")),
                new Document("vectors", "Dense vectors from an embedding model capture the meaning of passages.",
                        "vectors.md", Map.of("topic", "search")),
                new Document("bananas", "Bananas are yellow fruit rich in potassium.", "bananas.md",
                        Map.of("topic", "food")));
    }

    @Test
    void ranksTheMatchingDocumentFirst() {
        List<ScoredChunk> hits = retrieverOver(corpus()).retrieve(Query.of("circuit breaker failures", 3));

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).chunk().documentId()).isEqualTo("breaker");
    }

    @Test
    void returnsAtMostTopKBestFirst() {
        List<ScoredChunk> hits = retrieverOver(corpus()).retrieve(Query.of("retry backoff rate limits", 2));

        assertThat(hits).hasSizeLessThanOrEqualTo(2);
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
        }
    }

    @Test
    void honoursTheMetadataFilter() {
        List<ScoredChunk> hits = retrieverOver(corpus())
                .retrieve(Query.of("circuit breaker failures in documents and passages", 5)
                        .withFilter(MetadataFilter.eq("topic", "search")));

        assertThat(hits).isNotEmpty();
        assertThat(hits).allSatisfy(h -> assertThat(h.chunk().metadata()).containsEntry("topic", "search"));
    }
}
