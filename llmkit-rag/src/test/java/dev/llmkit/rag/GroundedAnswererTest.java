package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.rag.Document;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroundedAnswererTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(128);
    private LuceneIndex index;
    private HybridRetriever retriever;
    private DenseRetriever dense;

    @BeforeEach
    void setUp() {
        index = LuceneIndex.inMemory("fake", 128);
        Ingestor.builder(index, embeddings).build().ingest(List.of(
                new Document("retry.md", "Retry rate limited calls after the Retry-After delay.", "docs/retry.md", Map.of()),
                new Document("breaker.md", "The circuit breaker opens after failures.", "docs/breaker.md", Map.of())));
        dense = new DenseRetriever(index, embeddings);
        retriever = HybridRetriever.builder(dense, new Bm25Retriever(index)).build();
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    @Test
    void answersFromNumberedSourcesAndReturnsCitations() {
        FakeChatModel model = FakeChatModel.always("Wait for the Retry-After delay [1].");
        GroundedAnswerer answerer = GroundedAnswerer.builder(model, retriever).evidence(dense).minEvidence(0.2).build();

        GroundedAnswer answer = answerer.answer("retry rate limited calls");

        assertThat(answer.refused()).isFalse();
        assertThat(answer.text()).isEqualTo("Wait for the Retry-After delay [1].");
        assertThat(answer.citations().get(0).source()).isEqualTo("docs/retry.md");
        assertThat(answer.citations().get(0).label()).startsWith("[1] docs/retry.md#0");
        ChatRequest sent = model.requests().get(0);
        assertThat(sent.messages().get(0).text()).contains("only the numbered sources");
        assertThat(sent.lastUserText()).contains("[1] (docs/retry.md#0)").contains("Question: retry rate limited calls");
    }

    @Test
    void theRetrievalsAndTheModelCallOfOneAnswerShareACallId() {
        FakeChatModel model = FakeChatModel.always("Wait [1].");
        java.util.List<dev.llmkit.api.event.RetrievalEvent> searches = new java.util.concurrent.CopyOnWriteArrayList<>();
        GroundedAnswerer answerer = GroundedAnswerer.builder(model,
                retriever.withListener(searches::add)).build();

        answerer.answer("retry rate limited calls");

        String callId = model.requests().get(0).context().callId();
        assertThat(searches).isNotEmpty().allSatisfy(e -> assertThat(e.callId()).contains(callId));
    }

    @Test
    void refusesWithoutCallingTheModelWhenEvidenceIsBelowTheThreshold() {
        FakeChatModel model = FakeChatModel.always("should not be called");
        GroundedAnswerer answerer = GroundedAnswerer.builder(model, retriever).evidence(dense).minEvidence(0.9).build();

        GroundedAnswer answer = answerer.answer("bananas potassium yellow");

        assertThat(answer.refused()).isTrue();
        assertThat(answer.text()).isEqualTo(GroundedAnswerer.REFUSAL);
        assertThat(answer.evidence()).hasValueSatisfying(e -> assertThat(e).isLessThan(0.9));
        assertThat(model.callCount()).isZero();
    }

    @Test
    void contextBuilderSkipsChunksThatDoNotFitTheBudget() {
        ContextBuilder.Context ctx = new ContextBuilder(20, dev.llmkit.api.TokenCounter.estimator())
                .build(retriever.retrieve("retry"));

        assertThat(ctx.tokens()).isLessThanOrEqualTo(20);
        assertThat(ctx.citations()).hasSizeLessThan(2);
    }
}
