package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.rag.Document;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestFailureCleanupTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);

    @TempDir
    Path tmp;

    /**
     * Fails on "fails" once the batch of "slow" has started; the "slow" batch finishes only once the ingesting thread
     * has stopped to wait for it (or was interrupted), so it is in flight while the failure is handled.
     */
    private EmbeddingModel model(Thread ingesting) {
        CountDownLatch slowStarted = new CountDownLatch(1);
        return new EmbeddingModel() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                if (texts.get(0).contains("fails")) {
                    await(slowStarted);
                    throw new IllegalStateException("simulated provider error");
                }
                if (texts.get(0).contains("slow")) {
                    slowStarted.countDown();
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a safety net, not an assertion
                    while (ingesting.getState() != Thread.State.TIMED_WAITING && !Thread.currentThread().isInterrupted()
                            && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailedBatchLetsTheOthersFinishKeepsThePersistedCacheAndThrowsTheProviderError() {
        Path dir = tmp.resolve("index");
        List<Document> docs = List.of(new Document("a", "This batch fails.", "a", Map.of()),
                new Document("b", "This batch is slow.", "b", Map.of()));
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 64)) {
            Ingestor ingestor = Ingestor.builder(index, model(Thread.currentThread())).batchSize(1).parallelism(2)
                    .build();

            assertThatThrownBy(() -> ingestor.ingest(docs)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("simulated provider error").hasNoSuppressedExceptions();
        }
        try (EmbeddingCache cache = EmbeddingCache.open(dir.resolve(Ingestor.DEFAULT_CACHE_FILE))) {
            assertThat(cache.size()).as("the slow batch's vector, persisted").isEqualTo(1);
        }
    }
}
