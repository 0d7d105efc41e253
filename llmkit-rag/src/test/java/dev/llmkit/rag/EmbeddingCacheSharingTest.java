package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Document;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheSharingTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);

    @TempDir
    Path tmp;

    @Test
    void aRecordWhoseKeyIsNotTheRequestedOneIsAMiss() throws IOException {
        Path file = tmp.resolve("cache.bin");
        String mine = EmbeddingCache.key("model", "mine");
        String theirs = EmbeddingCache.key("model", "else");
        try (EmbeddingCache cache = EmbeddingCache.open(file)) {
            cache.put(mine, new float[] {1f, 2f});
        }
        try (EmbeddingCache cache = EmbeddingCache.open(file)) {
            // another writer overwrote the record at mine's offset with a record of another key, same length
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
                raw.seek(4);
                raw.write(theirs.getBytes(StandardCharsets.UTF_8));
            }

            assertThat(cache.get(mine)).isNull();
            cache.put(mine, new float[] {3f, 4f});
            assertThat(cache.get(mine)).containsExactly(3f, 4f);
        }
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefusedUntilTheFirstCloses() {
        Path file = tmp.resolve("cache.bin");
        try (EmbeddingCache first = EmbeddingCache.open(file)) {
            first.put(EmbeddingCache.key("model", "a"), new float[] {1f});
            assertThatThrownBy(() -> EmbeddingCache.open(file)).isInstanceOf(EmbeddingCacheInUseException.class)
                    .hasMessageContaining("Close that one first");
        }
        try (EmbeddingCache again = EmbeddingCache.open(file)) {
            assertThat(again.get(EmbeddingCache.key("model", "a"))).containsExactly(1f);
        }
    }

    @Test
    void anIngestWhoseDefaultCacheIsHeldElsewhereCachesInMemoryAndSucceeds() {
        Path dir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 64);
                EmbeddingCache held = EmbeddingCache.open(dir.resolve(Ingestor.DEFAULT_CACHE_FILE))) {
            IngestReport report = Ingestor.builder(index, embeddings).build()
                    .ingest(List.of(new Document("a", "Retry with backoff.", "a", Map.of())));

            assertThat(report.documentsIndexed()).isEqualTo(1);
            assertThat(held.size()).isZero();
        }
    }

    @Test
    void aReadOnlyIndexIsRefusedByTheIngestorBuilder() {
        Path dir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 64)) {
            index.commit();
        }
        try (LuceneIndex reader = LuceneIndex.openReadOnly(dir, "fake", 64)) {
            assertThatThrownBy(() -> Ingestor.builder(reader, embeddings)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("read-only");
        }
    }
}
