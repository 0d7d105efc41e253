package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} must show. Extend it and return a new, empty store for 3-dimensional
 * vectors from {@link #newStore()}; the suite closes every store it asked for after each test, so do not close them
 * yourself.
 *
 * <pre>{@code
 * class MyStoreContractTest extends VectorStoreContract {
 *     protected VectorStore newStore() { return MyStore.inMemory(3); }
 * }
 * }</pre>
 */
public abstract class VectorStoreContract {
    private final List<VectorStore> opened = new ArrayList<>();

    /** A new, empty store for vectors of dimension 3. */
    protected abstract VectorStore newStore();

    /** {@link #newStore()}, closed after the test. */
    protected final VectorStore store() {
        VectorStore s = newStore();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(VectorStore::close);
        opened.clear();
    }

    /** A chunk of document {@code doc} with metadata {@code tenant} and the given vector. */
    protected static EmbeddedChunk chunk(String id, String doc, String tenant, float... v) {
        return new EmbeddedChunk(new Chunk(id, doc, "text of " + id, doc + ".md", 0, Map.of("tenant", tenant)), v);
    }

    private static List<String> ids(List<ScoredChunk> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }

    @Test
    void findsTheNearestVectorsBestFirst() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0), chunk("b", "d2", "x", 0, 1, 0),
                chunk("c", "d3", "x", 0.9f, 0.1f, 0)));

        List<ScoredChunk> hits = store.search(new float[] {1, 0, 0}, 2, MetadataFilter.ALL);

        assertThat(ids(hits)).containsExactly("a", "c");
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void scoresAreCosineSimilarities() {
        VectorStore store = store();
        store.upsert(List.of(chunk("same", "d1", "x", 2, 0, 0), chunk("orthogonal", "d2", "x", 0, 3, 0)));

        List<ScoredChunk> hits = store.search(new float[] {1, 0, 0}, 2, MetadataFilter.ALL);

        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(hits.get(1).score()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void appliesTheMetadataFilterBeforeRanking() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "acme", 1, 0, 0), chunk("b", "d2", "globex", 0.9f, 0.1f, 0)));

        List<ScoredChunk> hits = store.search(new float[] {1, 0, 0}, 5, MetadataFilter.eq("tenant", "globex"));

        assertThat(ids(hits)).containsExactly("b");
    }

    @Test
    void upsertReplacesAChunkWithTheSameId() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0)));
        store.upsert(List.of(chunk("a", "d1", "x", 0, 0, 1)));

        List<ScoredChunk> hits = store.search(new float[] {0, 0, 1}, 5, MetadataFilter.ALL);

        assertThat(ids(hits)).containsExactly("a");
        assertThat(store.vectors(List.of("a")).get("a")).containsExactly(0f, 0f, 1f);
    }

    @Test
    void deletesEveryChunkOfADocument() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a1", "d1", "x", 1, 0, 0), chunk("a2", "d1", "x", 0, 1, 0),
                chunk("b", "d2", "x", 0, 0, 1)));

        long removed = store.deleteDocument("d1");

        assertThat(removed).isIn(2L, -1L);
        assertThat(ids(store.search(new float[] {1, 1, 1}, 10, MetadataFilter.ALL))).containsExactly("b");
    }

    @Test
    void deletesEveryChunkMatchingAFilter() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "acme", 1, 0, 0), chunk("b", "d2", "globex", 0, 1, 0),
                chunk("c", "d3", "acme", 0, 0, 1)));

        long removed = store.deleteWhere(MetadataFilter.eq("tenant", "acme"));

        assertThat(removed).isIn(2L, -1L);
        assertThat(ids(store.search(new float[] {1, 1, 1}, 10, MetadataFilter.ALL))).containsExactly("b");
    }

    @Test
    void deleteWhereAllEmptiesTheStore() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "acme", 1, 0, 0), chunk("b", "d2", "globex", 0, 1, 0)));

        store.deleteWhere(MetadataFilter.ALL);

        assertThat(store.search(new float[] {1, 1, 1}, 10, MetadataFilter.ALL)).isEmpty();
    }

    @Test
    void returnsStoredVectorsOfKnownChunksOnly() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0), chunk("b", "d2", "x", 0, 1, 0)));

        var vectors = store.vectors(List.of("b", "missing", "a"));

        assertThat(vectors).containsOnlyKeys("a", "b");
        assertThat(vectors.get("b")).containsExactly(0f, 1f, 0f);
        vectors.get("b")[0] = 42; // a copy: changing it does not change the store
        assertThat(store.vectors(List.of("b")).get("b")).containsExactly(0f, 1f, 0f);
    }

    @Test
    void flushKeepsWritesVisible() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0)));

        store.flush();

        assertThat(ids(store.search(new float[] {1, 0, 0}, 5, MetadataFilter.ALL))).containsExactly("a");
    }

    @Test
    void refusesAQueryVectorOfAnotherDimension() {
        VectorStore store = store();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0)));

        assertThatThrownBy(() -> store.search(new float[] {1, 0}, 5, MetadataFilter.ALL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyStoreFindsNothing() {
        assertThat(store().search(new float[] {1, 0, 0}, 5, MetadataFilter.ALL)).isEmpty();
    }
}
