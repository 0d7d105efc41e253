package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.contract.VectorStoreContract;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LangChain4jStoresTest {

    /**
     * A LangChain4j store as its in-memory reference behaves: appends on add (no upsert), scores by LangChain4j's own
     * relevance score, filters with LangChain4j's own filter semantics.
     */
    static final class ListStore implements EmbeddingStore<TextSegment> {
        private record Entry(String id, Embedding embedding, TextSegment segment) {}

        private final List<Entry> entries = new ArrayList<>();

        @Override
        public String add(Embedding embedding) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(String id, Embedding embedding) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String add(Embedding embedding, TextSegment segment) {
            String id = UUID.randomUUID().toString();
            addAll(List.of(id), List.of(embedding), List.of(segment));
            return id;
        }

        @Override
        public List<String> addAll(List<Embedding> embeddings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
            for (int i = 0; i < ids.size(); i++) {
                entries.add(new Entry(ids.get(i), embeddings.get(i), segments.get(i)));
            }
        }

        @Override
        public synchronized void removeAll(Collection<String> ids) {
            entries.removeIf(e -> ids.contains(e.id()));
        }

        @Override
        public synchronized void removeAll(Filter filter) {
            entries.removeIf(e -> filter.test(e.segment().metadata()));
        }

        @Override
        public synchronized void removeAll() {
            entries.clear();
        }

        @Override
        public synchronized EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
            List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
            for (Entry e : entries) {
                if (request.filter() != null && !request.filter().test(e.segment().metadata())) {
                    continue;
                }
                double score = RelevanceScore.fromCosineSimilarity(
                        CosineSimilarity.between(e.embedding(), request.queryEmbedding()));
                if (score >= request.minScore()) {
                    matches.add(new EmbeddingMatch<>(score, e.id(), e.embedding(), e.segment()));
                }
            }
            matches.sort(Comparator.comparingDouble(EmbeddingMatch<TextSegment>::score).reversed());
            return new EmbeddingSearchResult<>(matches.subList(0, Math.min(matches.size(), request.maxResults())));
        }

        synchronized int size() {
            return entries.size();
        }
    }

    @Nested
    class Contract extends VectorStoreContract {
        @Override
        protected VectorStore newStore() {
            return LangChain4jStores.from(new ListStore(), 3);
        }
    }

    private static EmbeddedChunk chunk(String id, Map<String, String> meta, float... v) {
        return new EmbeddedChunk(new Chunk(id, "doc-" + id, "text " + id, "src/" + id + ".md", 4, meta), v);
    }

    @Test
    void chunksComeBackWholeAndUpsertDoesNotDuplicate() {
        ListStore lc4j = new ListStore();
        VectorStore store = LangChain4jStores.from(lc4j, 3);

        store.upsert(List.of(chunk("a", Map.of("lang", "en"), 1, 0, 0)));
        store.upsert(List.of(chunk("a", Map.of("lang", "en"), 1, 0, 0)));

        assertThat(lc4j.size()).isEqualTo(1);
        Chunk back = store.search(new float[] {1, 0, 0}, 1, MetadataFilter.ALL).get(0).chunk();
        assertThat(back).isEqualTo(chunk("a", Map.of("lang", "en"), 1, 0, 0).chunk());
    }

    @Test
    void everyFilterShapeSelectsWhatTheLocalFilterSelects() {
        VectorStore store = LangChain4jStores.from(new ListStore(), 3);
        List<EmbeddedChunk> chunks = List.of(
                chunk("a", Map.of("tenant", "acme", "lang", "en"), 1, 0, 0),
                chunk("b", Map.of("tenant", "globex", "lang", "de"), 1, 0.1f, 0),
                chunk("c", Map.of("tenant", "acme", "lang", "fr"), 1, 0, 0.1f),
                chunk("d", Map.of(), 1, 0.1f, 0.1f));
        store.upsert(chunks);
        List<MetadataFilter> filters = List.of(
                MetadataFilter.eq("tenant", "acme"),
                MetadataFilter.in("lang", Set.of("en", "de")),
                MetadataFilter.eq("tenant", "acme").and(MetadataFilter.eq("lang", "fr")),
                MetadataFilter.eq("lang", "de").or(MetadataFilter.eq("lang", "fr")),
                MetadataFilter.eq("tenant", "acme").negate(),
                MetadataFilter.ALL.negate(),
                MetadataFilter.ALL.and(MetadataFilter.eq("lang", "en")),
                MetadataFilter.ALL.or(MetadataFilter.eq("lang", "en")));

        for (MetadataFilter f : filters) {
            List<String> expected = chunks.stream().filter(c -> f.test(c.chunk().metadata()))
                    .map(c -> c.chunk().id()).sorted().toList();
            List<String> found = store.search(new float[] {1, 0, 0}, 10, f).stream().map(h -> h.chunk().id())
                    .sorted().toList();
            assertThat(found).as(f.toString()).isEqualTo(expected);
        }
    }

    @Test
    void refusesMetadataKeysTheBridgeKeepsForItself() {
        VectorStore store = LangChain4jStores.from(new ListStore(), 3);

        assertThatThrownBy(() -> store.upsert(List.of(chunk("a", Map.of("llmkit_doc", "x"), 1, 0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rename it");
    }
}
