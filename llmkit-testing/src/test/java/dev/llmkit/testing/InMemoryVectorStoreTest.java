package dev.llmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryVectorStoreTest {

    private static EmbeddedChunk chunk(String id, String text, float... v) {
        return new EmbeddedChunk(new Chunk(id, id, text, id, 0, Map.of()), v);
    }

    @Test
    void keywordsIgnoreCaseStopWordsAndAPluralS() {
        assertThat(InMemoryVectorStore.words("The Breakers of a CIRCUIT, class 42"))
                .containsExactly("breaker", "circuit", "class", "42");
    }

    @Test
    void rarerWordsWeighMoreInKeywordSearch() {
        try (InMemoryVectorStore store = new InMemoryVectorStore(2)) {
            store.upsert(List.of(chunk("common", "retry retry calls", 1, 0), chunk("rare", "jitter calls", 0, 1),
                    chunk("other", "retry calls", 1, 1)));

            assertThat(store.searchText("retry jitter", 3, MetadataFilter.ALL).get(0).chunk().id()).isEqualTo("rare");
        }
    }

    @Test
    void aWriteWithAVectorOfAnotherDimensionChangesNothing() {
        try (InMemoryVectorStore store = new InMemoryVectorStore(2)) {
            assertThatThrownBy(() -> store.upsert(List.of(chunk("a", "a", 1, 0), chunk("b", "b", 1, 0, 0))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 dimensions");

            assertThat(store.size()).isZero();
        }
    }

    @Test
    void rollbackBeforeTheFirstFlushEmptiesTheStore() {
        try (InMemoryVectorStore store = new InMemoryVectorStore(2)) {
            store.upsert(List.of(chunk("a", "a", 1, 0)));

            store.rollback();

            assertThat(store.size()).isZero();
        }
    }

    @Test
    void aClosedStoreRefusesCalls() {
        InMemoryVectorStore store = new InMemoryVectorStore(2);
        store.close();

        assertThatThrownBy(() -> store.search(new float[] {1, 0}, 1, MetadataFilter.ALL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void concurrentWritesAndSearchesLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (InMemoryVectorStore store = new InMemoryVectorStore(2)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.upsert(List.of(chunk(thread + "-" + i, "word" + i, 1, i)));
                        assertThat(store.search(new float[] {1, 0}, 5, MetadataFilter.ALL)).isNotEmpty();
                        store.searchText("word" + i, 3, MetadataFilter.ALL);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(store.size()).isEqualTo(threads * perThread);
        }
    }
}
