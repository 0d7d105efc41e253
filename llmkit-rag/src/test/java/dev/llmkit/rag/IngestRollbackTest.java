package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.rag.Query;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestRollbackTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);

    @TempDir
    Path tmp;

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

            @Override
            public ModelInfo info() {
                return embeddings.info();
            }
        };
    }

    private Path folder(String name, String... texts) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < texts.length; i++) {
            Files.writeString(dir.resolve(String.format("%02d.md", i)), texts[i]);
        }
        return dir;
    }

    @Test
    void aFailedIngestPublishesNothingAtTheNextCommitOfTheSameIndex() throws IOException {
        Path a = folder("a", "Alpha talks about retries.", "Alpha also covers timeouts.");
        Path b = folder("b", "Bravo one on hedging.", "Bravo two on hedging.", "Bravo three on hedging.",
                "Bravo four on hedging.", "Bravo five on hedging.", "Bravo six on hedging.",
                "Bravo seven: the model dies here.");
        Path c = folder("c", "Charlie explains bulkheads.");
        try (LuceneIndex index = LuceneIndex.open(tmp.resolve("index"), "fake", 64)) {
            Ingestor.builder(index, embeddings).build().ingest(a, "a");
            Ingestor dying = Ingestor.builder(index, dyingModel()).batchSize(1).parallelism(1).build();

            assertThatThrownBy(() -> dying.ingest(b, "b")).hasMessageContaining("simulated provider error");
            Ingestor.builder(index, embeddings).build().ingest(c, "c");

            assertThat(index.documentIds()).containsExactly("a/00.md", "a/01.md", "c/00.md");
            assertThat(new Bm25Retriever(index).retrieve(Query.of("hedging"))).isEmpty();
            assertThat(new Bm25Retriever(index).retrieve(Query.of("retries"))).hasSize(1);
        }
        try (LuceneIndex reopened = LuceneIndex.openReadOnly(tmp.resolve("index"), "fake", 64)) {
            assertThat(reopened.documentIds()).containsExactly("a/00.md", "a/01.md", "c/00.md");
        }
    }

    @Test
    void rollbackDiscardsBufferedWritesAndKeepsTheIndexUsable() throws IOException {
        Path a = folder("a", "Alpha talks about retries.");
        Path b = folder("b", "Bravo on hedging.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(a, "a");
            index.deleteDocuments(List.of("a/00.md"));
            index.refresh();
            assertThat(index.documentIds()).isEmpty();

            index.rollback();

            assertThat(index.documentIds()).containsExactly("a/00.md");
            ingestor.ingest(b, "b");
            assertThat(index.documentIds()).containsExactly("a/00.md", "b/00.md");
        }
    }

    @Test
    void rollbackOfAReadOnlyIndexIsRefused() throws IOException {
        Path dir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 64)) {
            index.commit();
        }
        try (LuceneIndex reader = LuceneIndex.openReadOnly(dir, "fake", 64)) {
            assertThatThrownBy(reader::rollback).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read-only");
        }
    }
}
