package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KeywordIndex} must show. Extend it and return a new, empty store for 3-dimensional
 * vectors that plays both the {@link VectorStore} role (the suite fills it with {@link VectorStore#upsert}) and the
 * keyword role; the suite closes it after each test.
 *
 * @param <S> the store's type
 */
public abstract class KeywordIndexContract<S extends VectorStore & KeywordIndex> {
    private final List<S> opened = new ArrayList<>();

    /** A new, empty store for vectors of dimension 3. */
    protected abstract S newStore();

    @AfterEach
    void closeStores() {
        opened.forEach(VectorStore::close);
        opened.clear();
    }

    private S filled() {
        S s = newStore();
        opened.add(s);
        s.upsert(List.of(
                chunk("retry", "Retry failed calls with exponential backoff and jitter after rate limits.", "ops"),
                chunk("breaker", "A circuit breaker opens after many failures and stops calls to a sick service.",
                        "ops"),
                chunk("bm25", "BM25 ranks documents by term frequency and inverse document frequency.", "search"),
                chunk("bananas", "Bananas are yellow fruit rich in potassium.", "food")));
        return s;
    }

    private static EmbeddedChunk chunk(String id, String text, String topic) {
        return new EmbeddedChunk(new Chunk(id, id, text, id + ".md", 0, Map.of("topic", topic)),
                new float[] {1, 0, 0});
    }

    private static List<String> ids(List<ScoredChunk> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }

    @Test
    void ranksTheChunkSharingTheQueryWordsFirst() {
        List<ScoredChunk> hits = filled().searchText("circuit breaker", 3, MetadataFilter.ALL);

        assertThat(ids(hits)).first().isEqualTo("breaker");
    }

    @Test
    void returnsAtMostTopKBestFirst() {
        List<ScoredChunk> hits = filled().searchText("calls failures frequency yellow", 2, MetadataFilter.ALL);

        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void appliesTheMetadataFilter() {
        List<ScoredChunk> hits = filled().searchText("calls frequency", 5, MetadataFilter.eq("topic", "search"));

        assertThat(ids(hits)).containsExactly("bm25");
    }

    @Test
    void findsNothingWithoutASharedWord() {
        assertThat(filled().searchText("quantum chromodynamics", 5, MetadataFilter.ALL)).isEmpty();
    }

    @Test
    void forgetsDeletedChunks() {
        S s = filled();
        s.deleteDocument("breaker");

        assertThat(ids(s.searchText("circuit breaker", 5, MetadataFilter.ALL))).doesNotContain("breaker");
    }
}
