package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} must show. Extend it and return a new, empty store for 3-dimensional
 * vectors.
 */
public abstract class VectorStoreContract {

    /** A new, empty store for vectors of dimension 3. */
    protected abstract VectorStore newStore();

    private static EmbeddedChunk chunk(String id, String doc, String tenant, float... v) {
        return new EmbeddedChunk(new Chunk(id, doc, "text of " + id, doc + ".md", 0, Map.of("tenant", tenant)), v);
    }

    @Test
    void findsTheNearestVectorsBestFirst() {
        VectorStore store = newStore();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0), chunk("b", "d2", "x", 0, 1, 0),
                chunk("c", "d3", "x", 0.9f, 0.1f, 0)));

        List<ScoredChunk> hits = store.search(new float[] {1, 0, 0}, 2, MetadataFilter.ALL);

        assertThat(hits).extracting(h -> h.chunk().id()).containsExactly("a", "c");
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void appliesTheMetadataFilterBeforeRanking() {
        VectorStore store = newStore();
        store.upsert(List.of(chunk("a", "d1", "acme", 1, 0, 0), chunk("b", "d2", "globex", 0.9f, 0.1f, 0)));

        List<ScoredChunk> hits = store.search(new float[] {1, 0, 0}, 5, MetadataFilter.eq("tenant", "globex"));

        assertThat(hits).extracting(h -> h.chunk().id()).containsExactly("b");
    }

    @Test
    void upsertReplacesAChunkWithTheSameId() {
        VectorStore store = newStore();
        store.upsert(List.of(chunk("a", "d1", "x", 1, 0, 0)));
        store.upsert(List.of(chunk("a", "d1", "x", 0, 0, 1)));

        List<ScoredChunk> hits = store.search(new float[] {0, 0, 1}, 5, MetadataFilter.ALL);

        assertThat(hits).extracting(h -> h.chunk().id()).containsExactly("a");
    }

    @Test
    void deletesEveryChunkOfADocument() {
        VectorStore store = newStore();
        store.upsert(List.of(chunk("a1", "d1", "x", 1, 0, 0), chunk("a2", "d1", "x", 0, 1, 0),
                chunk("b", "d2", "x", 0, 0, 1)));

        long removed = store.deleteDocument("d1");

        assertThat(removed).isIn(2L, -1L);
        assertThat(store.search(new float[] {1, 1, 1}, 10, MetadataFilter.ALL))
                .extracting(h -> h.chunk().id()).containsExactly("b");
    }
}
