package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridOnIdsTest {
    private static final List<String> WORDS = List.of("retry", "backoff", "jitter", "breaker", "bulkhead", "timeout",
            "hedging", "fallback", "cache", "budget", "router", "pool", "limit", "quota", "stream", "token");

    @Test
    void theDefaultRetrieverRanksExactlyLikeTheComposedRetrievers() {
        FakeEmbeddingModel embeddings = new FakeEmbeddingModel(32);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(WORDS.get((i * 7 + w * w * 3 + i / 5) % WORDS.size())).append(' ');
            }
            docs.add(new Document("doc-" + i, text.toString().strip() + " number " + i + ".", "doc-" + i,
                    Map.of("team", i % 3 == 0 ? "core" : "edge")));
        }
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor.builder(index, embeddings).build().ingest(docs);
            Retriever fast = HybridRetriever.defaults(index, embeddings);
            Retriever composed = HybridRetriever.builder(new DenseRetriever(index, embeddings)
                    .withFeedback(HybridRetriever.DEFAULT_FEEDBACK_K, HybridRetriever.DEFAULT_FEEDBACK_BETA),
                    new Bm25Retriever(index)).build();

            for (String q : List.of("retry with backoff", "circuit breaker timeout", "token budget quota", "hedging",
                    "nothing matches zebra")) {
                for (Query query : List.of(Query.of(q, 5), Query.of(q, 10),
                        Query.of(q, 8).withFilter(MetadataFilter.eq("team", "core")))) {
                    List<ScoredChunk> expected = composed.retrieve(query);
                    assertThat(fast.retrieve(query)).as(query.toString()).isEqualTo(expected);
                    assertThat(expected).isNotEmpty();
                }
            }
        }
    }
}
