package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestor and the default hybrid retriever over a store that is not Lucene: the roles are enough. */
class InMemoryStoreEndToEndTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);

    @TempDir
    Path tmp;

    private Path folder() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("retry.md"), "# Retry\n\nRetry with exponential backoff and full jitter.\n\n"
                + "## Rate limits\n\nHonour the Retry-After header of a 429 answer.\n");
        Files.writeString(docs.resolve("breaker.txt"), "A circuit breaker opens after repeated failures.");
        Files.writeString(docs.resolve("bulkhead.md"), "# Bulkhead\n\nLimit concurrent calls and queue the rest.");
        return docs;
    }

    @Test
    void ingestAndDefaultHybridRetrievalFindTheRightChunk() throws IOException {
        Path docs = folder();
        try (InMemoryVectorStore store = new InMemoryVectorStore(embeddings.dimension())) {
            IngestReport report = Ingestor.builder(store, embeddings).build().ingest(docs);

            assertThat(report.documentsIndexed()).isEqualTo(3);
            List<ScoredChunk> hits = HybridRetriever.defaults(store, embeddings)
                    .retrieve(Query.of("Retry-After 429", 3));
            assertThat(hits.get(0).chunk().metadata()).containsEntry("heading", "Retry > Rate limits");
            assertThat(HybridRetriever.defaults(store, embeddings).retrieve(Query.of("circuit breaker failures", 3))
                    .get(0).chunk().source()).isEqualTo("breaker.txt");
        }
    }

    @Test
    void reingestSkipsUnchangedDocumentsAndRemovesDeletedOnes() throws IOException {
        Path docs = folder();
        try (InMemoryVectorStore store = new InMemoryVectorStore(embeddings.dimension())) {
            Ingestor ingestor = Ingestor.builder(store, embeddings).build();
            ingestor.ingest(docs);
            Files.delete(docs.resolve("breaker.txt"));

            IngestReport again = ingestor.ingest(docs);

            assertThat(again.documentsUnchanged()).isEqualTo(2);
            assertThat(again.documentsIndexed()).isZero();
            assertThat(again.documentsDeleted()).isEqualTo(1);
            assertThat(store.documentHashes("")).hasSize(2)
                    .allSatisfy((id, hash) -> assertThat(hash).isNotBlank());
            assertThat(new Bm25Retriever(store).retrieve(Query.of("circuit breaker"))).isEmpty();
        }
    }

    @Test
    void theDefaultHybridRetrieverGivesTheSameRankingOverBothStores() throws IOException {
        Path docs = folder();
        try (InMemoryVectorStore memory = new InMemoryVectorStore(embeddings.dimension());
                LuceneIndex lucene = LuceneIndex.inMemory("fake", embeddings.dimension())) {
            Ingestor.builder(memory, embeddings).build().ingest(docs);
            Ingestor.builder(lucene, embeddings).build().ingest(docs);

            for (String q : List.of("exponential backoff", "concurrent calls", "Retry-After header")) {
                assertThat(HybridRetriever.defaults(memory, embeddings).retrieve(Query.of(q, 1)).get(0).chunk().id())
                        .as(q)
                        .isEqualTo(HybridRetriever.defaults(lucene, embeddings).retrieve(Query.of(q, 1)).get(0).chunk()
                                .id());
            }
        }
    }
}
