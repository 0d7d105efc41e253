package dev.llmkit.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Filters, odd metadata and the hybrid retriever on SolrCloud next to the local index. */
@ExtendWith(SolrTestCluster.class)
class SolrIndexTest {

    private static SolrIndex newIndex(int dimension, SolrCollections.Layout layout) {
        String name = SolrTestCluster.uniqueName("index");
        SolrCollections.on(SolrTestCluster.get().client()).create(name, dimension, layout);
        return SolrIndex.on(SolrTestCluster.get().client(), name, dimension);
    }

    private static EmbeddedChunk chunk(String id, Map<String, String> meta) {
        return new EmbeddedChunk(new Chunk(id, "d-" + id, "text of " + id, id + ".md", 0, meta), new float[] {1, 0, 0});
    }

    private static List<String> ids(List<ScoredChunk> hits) {
        return hits.stream().map(h -> h.chunk().id()).sorted().toList();
    }

    @Test
    void translatesEveryFilterShapeAndKeepsOddKeysAndValuesExact() {
        try (SolrIndex index = newIndex(3, SolrCollections.Layout.of(1, 1))) {
            index.upsert(List.of(
                    chunk("a", Map.of("tenant", "acme", "lang", "en")),
                    chunk("b", Map.of("tenant", "globex", "lang", "de")),
                    chunk("c", Map.of("tenant", "acme", "lang", "fr")),
                    chunk("d", Map.of("odd key: \"quoted\"", "a=b\\c (x) AND y*"))));
            float[] q = {1, 0, 0};

            assertThat(ids(index.search(q, 10, MetadataFilter.in("lang", Set.of("en", "de"))))).containsExactly("a", "b");
            assertThat(ids(index.search(q, 10, MetadataFilter.eq("tenant", "acme").and(
                    MetadataFilter.eq("lang", "fr"))))).containsExactly("c");
            assertThat(ids(index.search(q, 10, MetadataFilter.eq("lang", "de").or(MetadataFilter.eq("lang", "fr")))))
                    .containsExactly("b", "c");
            assertThat(ids(index.search(q, 10, MetadataFilter.eq("tenant", "acme").negate())))
                    .containsExactly("b", "d");
            assertThat(ids(index.searchText("text", 10, MetadataFilter.eq("odd key: \"quoted\"", "a=b\\c (x) AND y*"))))
                    .containsExactly("d");
            assertThat(index.search(q, 10, MetadataFilter.eq("d", "a")).stream().map(h -> h.chunk().metadata()))
                    .isEmpty();
            ScoredChunk d = index.search(q, 10, MetadataFilter.eq("odd key: \"quoted\"", "a=b\\c (x) AND y*")).get(0);
            assertThat(d.chunk().metadata()).containsExactly(Map.entry("odd key: \"quoted\"", "a=b\\c (x) AND y*"));
            assertThat(d.chunk().source()).isEqualTo("d.md");
        }
    }

    @Test
    void everyWriterSeesItsOwnWriteInItsNextSearchUnderConcurrency() throws Exception {
        try (SolrIndex index = newIndex(3, SolrCollections.Layout.of(2, 1))) {
            int threads = 8;
            int rounds = 15;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int missed = 0;
                    for (int r = 0; r < rounds; r++) {
                        String id = "t" + thread + "-" + r;
                        index.upsert(List.of(chunk(id, Map.of("writer", id))));
                        // read-your-writes: the search right after the write must find it
                        if (index.search(new float[] {1, 0, 0}, 5, MetadataFilter.eq("writer", id)).isEmpty()) {
                            missed++;
                        }
                    }
                    return missed;
                }));
            }
            int missed = 0;
            for (var f : results) {
                missed += f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(missed).isZero();
            assertThat(index.size()).isEqualTo((long) threads * rounds);
        }
    }

    @Test
    void keywordQueriesTakeAnyUserTextWithoutSyntaxErrors() {
        try (SolrIndex index = newIndex(3, SolrCollections.Layout.of(1, 1))) {
            index.upsert(List.of(chunk("a", Map.of())));

            assertThat(ids(index.searchText("text: AND (of OR \"a", 5, MetadataFilter.ALL))).containsExactly("a");
            assertThat(ids(index.searchText("text AND", 5, MetadataFilter.ALL))).containsExactly("a");
            assertThat(index.searchText("OR", 5, MetadataFilter.ALL)).isEmpty();
            assertThat(index.searchText("NOT cats", 5, MetadataFilter.ALL)).isEmpty(); // not "everything but cats"
            assertThat(index.searchText("   ", 5, MetadataFilter.ALL)).isEmpty();
            assertThat(index.searchText("the and of", 5, MetadataFilter.ALL)).isEmpty();
        }
    }

    @Test
    void refusesChunksOfAnotherDimensionBeforeSendingThem() {
        try (SolrIndex index = newIndex(3, SolrCollections.Layout.of(1, 1))) {
            index.replaceDocument("d-a", "h1", List.of(chunk("a", Map.of())));
            EmbeddedChunk bad = new EmbeddedChunk(new Chunk("a2", "d-a", "t", "s", 1, Map.of()), new float[] {1, 0});
            assertThatThrownBy(() -> index.replaceDocument("d-a", "h2", List.of(chunk("a", Map.of()), bad)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(index.documentHashes("")).containsEntry("d-a", "h1"); // the old chunks stay
            index.deleteWhere(MetadataFilter.ALL);

            assertThatThrownBy(() -> index.upsert(List.of(new EmbeddedChunk(
                    new Chunk("x", "d", "t", "s", 0, Map.of()), new float[] {1, 0}))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 dimensions");
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void theHybridRetrieverRanksSolrCloudAsItRanksTheLocalIndex() {
        FakeEmbeddingModel embeddings = new FakeEmbeddingModel(32);
        List<String> texts = List.of(
                "Retry failed calls with exponential backoff and jitter after a rate limit answer.",
                "A circuit breaker opens after repeated failures and half-opens after a cool-down.",
                "The semantic cache answers a repeated question without calling the model.",
                "BM25 ranks passages by term frequency and inverse document frequency.",
                "Hybrid retrieval fuses dense and keyword scores with z-score normalisation.",
                "Budgets cap the spend of a tenant per day and reject calls beyond it.",
                "Guardrails redact personal data before a prompt leaves the process.",
                "The agent loop calls tools until the model answers without a tool call.",
                "Rate limits are shared across a fleet through Redis token buckets.",
                "Streaming responses end with exactly one terminal callback.");
        List<EmbeddedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            chunks.add(new EmbeddedChunk(new Chunk("c" + i, "doc" + i, texts.get(i), "doc" + i + ".md", 0, Map.of()),
                    embeddings.embed(texts.get(i))));
        }
        try (SolrIndex solr = newIndex(32, SolrCollections.Layout.of(2, 1));
                LuceneIndex local = LuceneIndex.inMemory("fake", 32)) {
            solr.upsert(chunks);
            local.upsert(chunks);
            local.flush();

            for (String question : List.of("how do I retry after a rate limit", "what does the circuit breaker do",
                    "budget per tenant", "fuse dense and keyword scores")) {
                List<ScoredChunk> fromSolr = HybridRetriever.defaults(solr, embeddings).retrieve(Query.of(question, 5));
                List<ScoredChunk> fromLocal = HybridRetriever.defaults(local, embeddings)
                        .retrieve(Query.of(question, 5));
                assertThat(fromSolr.stream().map(h -> h.chunk().id()).toList()).as(question)
                        .isEqualTo(fromLocal.stream().map(h -> h.chunk().id()).toList());
                for (int i = 0; i < fromSolr.size(); i++) {
                    assertThat(fromSolr.get(i).score()).isCloseTo(fromLocal.get(i).score(), Offset.offset(1e-4));
                }
            }
        }
    }
}
