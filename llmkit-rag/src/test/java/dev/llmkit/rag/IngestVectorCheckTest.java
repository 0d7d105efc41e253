package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Document;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestVectorCheckTest {
    /** The real vectors have 32 dimensions. */
    private final FakeEmbeddingModel small = new FakeEmbeddingModel(32);

    @TempDir
    Path tmp;

    /** Says it has 64 dimensions, returns 32. */
    private EmbeddingModel lying() {
        return new EmbeddingModel() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                return small.embedAll(texts);
            }

            @Override
            public int dimension() {
                return 64;
            }

            @Override
            public ModelInfo info() {
                return small.info();
            }
        };
    }

    @Test
    void vectorsOfTheWrongLengthFailTheIngestAndAreNeverCached() {
        Path file = tmp.resolve("cache.bin");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64); EmbeddingCache cache = EmbeddingCache.open(file)) {
            Ingestor ingestor = Ingestor.builder(index, lying()).cache(cache).build();

            assertThatThrownBy(() -> ingestor.ingest(List.of(new Document("a", "Retry with backoff.", "a", Map.of()))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("vector of 32 dimensions, but the index has 64");
            assertThat(cache.size()).isZero();
            assertThat(index.documentIds()).isEmpty();
        }
        try (EmbeddingCache reopened = EmbeddingCache.open(file)) {
            assertThat(reopened.size()).isZero();
        }
    }
}
