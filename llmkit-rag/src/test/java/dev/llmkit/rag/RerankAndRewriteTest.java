package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerankAndRewriteTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(256);

    private static ScoredChunk sc(String id, String text, double score) {
        return new ScoredChunk(new Chunk(id, id, text, id, 0, Map.of()), score);
    }

    @Test
    void embeddingRerankerOrdersByQuerySimilarity() {
        List<ScoredChunk> candidates = List.of(sc("a", "bananas are yellow", 9), sc("b", "circuit breaker opens", 5));

        List<ScoredChunk> out = new EmbeddingReranker(embeddings, 10, 1.0).rerank(Query.of("circuit breaker"), candidates);

        assertThat(out).extracting(s -> s.chunk().id()).containsExactly("b", "a");
    }

    @Test
    void mmrPushesNearDuplicatesDown() {
        List<ScoredChunk> candidates = List.of(sc("a", "retry backoff jitter", 3), sc("b", "retry backoff jitter", 2),
                sc("c", "retry budget limits", 1));

        List<ScoredChunk> out = new EmbeddingReranker(embeddings, 10, 0.5).rerank(Query.of("retry backoff"), candidates);

        assertThat(out).extracting(s -> s.chunk().id()).startsWith("a", "c");
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i - 1).score()).isGreaterThan(out.get(i).score());
        }
    }

    @Test
    void llmRerankerFollowsTheModelsRankingAndKeepsTheRest() {
        FakeChatModel model = FakeChatModel.always("{\"ranking\": [3, 1]}");
        List<ScoredChunk> candidates = List.of(sc("a", "one", 3), sc("b", "two", 2), sc("c", "three", 1), sc("d", "four", 0));

        List<ScoredChunk> out = new LlmReranker(model, 3).rerank(Query.of("q"), candidates);

        assertThat(out).extracting(s -> s.chunk().id()).containsExactly("c", "a", "b", "d");
        assertThat(model.requests().get(0).lastUserText()).contains("[3] three").doesNotContain("four");
    }

    @Test
    void llmRerankerKeepsTheOrderWhenTheModelFailsOrTalksNonsense() {
        List<ScoredChunk> candidates = List.of(sc("a", "one", 2), sc("b", "two", 1));

        assertThat(new LlmReranker(FakeChatModel.always("not json"), 5).rerank(Query.of("q"), candidates))
                .isEqualTo(candidates);
        assertThat(new LlmReranker(FakeChatModel.builder().fail(new ServerErrorException("503")).build(), 5)
                .rerank(Query.of("q"), candidates)).isEqualTo(candidates);
    }

    @Test
    void multiQueryFusesTheResultsOfEachRephrasing() {
        List<String> asked = new ArrayList<>();
        Retriever base = q -> {
            asked.add(q.text());
            return List.of(sc(q.text().contains("jitter") ? "j" : "o", q.text(), 1));
        };
        FakeChatModel model = FakeChatModel.always("1. retry with jitter\n2. backoff between attempts");

        List<ScoredChunk> out = QueryRewriter.multiQuery(model, base, 2).retrieve(Query.of("how to retry", 5));

        assertThat(asked).containsExactly("how to retry", "retry with jitter", "backoff between attempts");
        assertThat(out).extracting(s -> s.chunk().id()).containsExactlyInAnyOrder("o", "j");
    }

    @Test
    void hydeSearchesWithTheHypotheticalAnswer() {
        List<String> asked = new ArrayList<>();
        Retriever base = q -> {
            asked.add(q.text());
            return List.of();
        };

        QueryRewriter.hyde(FakeChatModel.always("Retries wait with exponential backoff."), base).retrieve(Query.of("retry?"));
        QueryRewriter.hyde(FakeChatModel.builder().fail(new ServerErrorException("503")).build(), base)
                .retrieve(Query.of("retry?"));

        assertThat(asked).containsExactly("retry?\nRetries wait with exponential backoff.", "retry?");
    }
}
