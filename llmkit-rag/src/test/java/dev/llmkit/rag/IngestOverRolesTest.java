package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ingestor's flush and rollback through the store roles, on stores that are not Lucene. */
class IngestOverRolesTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);

    /** Embeds like {@code embeddings}, but fails on any text containing "dies". */
    private EmbeddingModel dyingModel() {
        return new EmbeddingModel() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                if (texts.stream().anyMatch(t -> t.contains("dies"))) {
                    throw new IllegalStateException("simulated provider error");
                }
                return embeddings.embedAll(texts);
            }

            @Override
            public int dimension() {
                return 64;
            }
        };
    }

    @Test
    void aFailedIngestIsRolledBackToTheLastFlush() {
        try (InMemoryVectorStore store = new InMemoryVectorStore(64)) {
            Ingestor.builder(store, embeddings).build().ingest(List.of(Document.of("a", "Alpha covers retries.")));

            assertThatThrownBy(() -> Ingestor.builder(store, dyingModel()).batchSize(1).parallelism(1).build()
                    .ingest(List.of(Document.of("b", "Bravo on hedging."), Document.of("c", "Charlie dies here."))))
                    .hasMessageContaining("simulated provider error");

            assertThat(store.documentHashes("")).containsOnlyKeys("a");
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void aStoreThatCannotRollBackKeepsTheIngestFailureWithTheRollbackSuppressed() {
        try (NoRollbackStore store = new NoRollbackStore(new InMemoryVectorStore(64))) {
            assertThatThrownBy(() -> Ingestor.builder(store, dyingModel()).batchSize(1).parallelism(1).build()
                    .ingest(List.of(Document.of("b", "Bravo on hedging."), Document.of("c", "Charlie dies here."))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("simulated provider error")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                            .isInstanceOf(UnsupportedOperationException.class));
        }
    }

    @Test
    void aSuccessfulIngestFlushesTheStoreOnce() {
        try (NoRollbackStore store = new NoRollbackStore(new InMemoryVectorStore(64))) {
            Ingestor.builder(store, embeddings).build().ingest(List.of(Document.of("a", "Alpha."),
                    Document.of("b", "Bravo.")));

            assertThat(store.flushes).isEqualTo(1);
        }
    }

    /** Delegates to an in-memory store, counts flushes, and cannot roll back. */
    private static final class NoRollbackStore implements VectorStore, DocumentCatalog {
        private final InMemoryVectorStore d;
        int flushes;

        NoRollbackStore(InMemoryVectorStore d) {
            this.d = d;
        }

        @Override
        public void upsert(List<EmbeddedChunk> chunks) {
            d.upsert(chunks);
        }

        @Override
        public long deleteDocument(String documentId) {
            return d.deleteDocument(documentId);
        }

        @Override
        public long deleteWhere(MetadataFilter filter) {
            return d.deleteWhere(filter);
        }

        @Override
        public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
            return d.search(vector, topK, filter);
        }

        @Override
        public Map<String, float[]> vectors(Collection<String> chunkIds) {
            return d.vectors(chunkIds);
        }

        @Override
        public void flush() {
            flushes++;
            d.flush();
        }

        @Override
        public void close() {
            d.close();
        }

        @Override
        public void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
            d.replaceDocument(documentId, contentHash, chunks);
        }

        @Override
        public void deleteDocuments(Collection<String> documentIds) {
            d.deleteDocuments(documentIds);
        }

        @Override
        public Map<String, String> documentHashes(String idPrefix) {
            return d.documentHashes(idPrefix);
        }

        @Override
        public Optional<String> documentSource(String documentId) {
            return d.documentSource(documentId);
        }

        @Override
        public void rollback() {
            throw new UnsupportedOperationException("this store cannot undo writes");
        }
    }
}
