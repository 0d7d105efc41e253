package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.api.event.RetrievalListener;
import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetrievalEventsTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);
    private final List<RetrievalEvent> events = new CopyOnWriteArrayList<>();
    private final RetrievalListener recording = events::add;
    private final RetrievalListener throwing = e -> {
        throw new IllegalStateException("listener bug");
    };
    private LuceneIndex index;

    @BeforeEach
    void fill() {
        index = LuceneIndex.inMemory("fake", embeddings.dimension());
        Ingestor.builder(index, embeddings).build().ingest(List.of(
                Document.of("retry", "Retry failed calls with exponential backoff and jitter."),
                Document.of("breaker", "A circuit breaker opens after many failures."),
                Document.of("bananas", "Bananas are yellow fruit.")));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private void assertReportedOnce(String retriever, List<ScoredChunk> hits) {
        assertThat(events).hasSize(1);
        RetrievalEvent e = events.get(0);
        assertThat(e.retriever()).isEqualTo(retriever);
        assertThat(e.query()).isEqualTo("circuit breaker failures");
        assertThat(e.topK()).isEqualTo(2);
        assertThat(e.chunkIds()).isEqualTo(hits.stream().map(h -> h.chunk().id()).toList());
        assertThat(e.scores()).isEqualTo(hits.stream().map(ScoredChunk::score).toList());
        assertThat(e.latency().isNegative()).isFalse();
        assertThat(e.callId()).isEmpty();
    }

    @Test
    void bm25ReportsEachSearchOnceWithIdsAndScoresInOrder() {
        List<ScoredChunk> hits = new Bm25Retriever(index).withListener(recording)
                .retrieve(Query.of("circuit breaker failures", 2));

        assertReportedOnce("bm25", hits);
    }

    @Test
    void denseReportsEachSearchOnce() {
        List<ScoredChunk> hits = new DenseRetriever(index, embeddings).withListener(recording)
                .retrieve(Query.of("circuit breaker failures", 2));

        assertReportedOnce("dense", hits);
    }

    @Test
    void denseWithFeedbackReportsOnceThoughItSearchesTwice() {
        List<ScoredChunk> hits = new DenseRetriever(index, embeddings).withFeedback(2, 0.5).withListener(recording)
                .retrieve(Query.of("circuit breaker failures", 2));

        assertReportedOnce("dense+feedback(k=2, beta=0.5)", hits);
    }

    @Test
    void hybridDefaultsReportOnceUnderTheirName() {
        HybridRetriever hybrid = HybridRetriever.defaults(index, embeddings).withListener(recording);
        List<ScoredChunk> hits = hybrid.retrieve(Query.of("circuit breaker failures", 2));

        assertReportedOnce(hybrid.toString(), hits);
    }

    @Test
    void aComposedHybridReportsItselfAndTheInnerRetrieversTheirOwn() {
        List<RetrievalEvent> inner = new CopyOnWriteArrayList<>();
        Retriever hybrid = HybridRetriever.builder(new DenseRetriever(index, embeddings).withListener(inner::add),
                new Bm25Retriever(index).withListener(inner::add)).rrf(60).listener(recording).build();

        List<ScoredChunk> hits = hybrid.retrieve(Query.of("circuit breaker failures", 2));

        assertReportedOnce("hybrid-rrf(k=60)", hits);
        assertThat(inner).extracting(RetrievalEvent::retriever).containsExactlyInAnyOrder("dense", "bm25");
        assertThat(inner).allSatisfy(e -> assertThat(e.topK()).isEqualTo(HybridRetriever.DEFAULT_CANDIDATES));
    }

    @Test
    void aThrowingListenerNeverBreaksRetrieval() {
        Query q = Query.of("circuit breaker failures", 2);
        List<ScoredChunk> expected = new Bm25Retriever(index).retrieve(q);

        assertThat(new Bm25Retriever(index).withListener(throwing).retrieve(q)).isEqualTo(expected);
        assertThat(new DenseRetriever(index, embeddings).withListener(throwing).retrieve(q)).isNotEmpty();
        assertThat(HybridRetriever.defaults(index, embeddings).withListener(throwing).retrieve(q)).isNotEmpty();
    }

    @Test
    void aCompositeListenerIsolatesAThrowingMember() {
        RetrievalListener both = RetrievalListener.composite(throwing, recording);

        new Bm25Retriever(index).withListener(both).retrieve(Query.of("circuit breaker failures", 2));

        assertThat(events).hasSize(1);
    }

    @Test
    void retrieversOverAnotherStoreReportToo() {
        try (InMemoryVectorStore store = new InMemoryVectorStore(embeddings.dimension())) {
            Ingestor.builder(store, embeddings).build().ingest(List.of(Document.of("breaker",
                    "A circuit breaker opens after many failures.")));

            List<ScoredChunk> hits = HybridRetriever.defaults(store, embeddings).withListener(recording)
                    .retrieve(Query.of("circuit breaker failures", 2));

            assertThat(events).singleElement().satisfies(e -> assertThat(e.chunkIds()).containsExactly(
                    hits.get(0).chunk().id()));
        }
    }
}
