package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackTest {

    private static EmbeddedChunk chunk(String id, float... v) {
        return new EmbeddedChunk(new Chunk(id, id, "text " + id, id, 0, Map.of()), v);
    }

    @Test
    void theIndexReturnsStoredVectors() {
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 3)) {
            index.upsert(List.of(chunk("a", 1, 0, 0), chunk("b", 0, 1, 0)));

            assertThat(index.vector("b")).hasValueSatisfying(v -> assertThat(v).containsExactly(0f, 1f, 0f));
            assertThat(index.vector("nope")).isEmpty();
        }
    }

    @Test
    void feedbackMovesTheQueryTowardsItsNearestNeighbours() {
        // the query sits between cluster X (x axis) and a lone point Z
        FakeEmbeddingModel unused = new FakeEmbeddingModel(3);
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 3)) {
            index.upsert(List.of(chunk("x1", 1, 0.1f, 0), chunk("x2", 1, 0, 0.1f), chunk("z", 0, 0, 1),
                    chunk("y", 0.55f, 0.8f, 0)));
            float[] q = {0.6f, 0.05f, 0.62f};
            Query query = Query.of("q", 2);

            List<ScoredChunk> plain = new DenseRetriever(index, unused).retrieve(q, query);
            List<ScoredChunk> fed = new DenseRetriever(index, unused).withFeedback(3, 1.0).retrieve(q, query);

            // plain: x2 0.76, z 0.72, x1 0.70; the mean of those three pulls the query into the x cluster
            assertThat(plain).extracting(s -> s.chunk().id()).containsExactly("x2", "z");
            assertThat(fed).extracting(s -> s.chunk().id()).containsExactly("x2", "x1");
        }
    }

    @Test
    void feedbackWorksOverAnyStoreWithTheSameResultAsOverLucene() {
        List<EmbeddedChunk> chunks = List.of(chunk("x1", 1, 0.1f, 0), chunk("x2", 1, 0, 0.1f), chunk("z", 0, 0, 1),
                chunk("y", 0.55f, 0.8f, 0));
        float[] q = {0.6f, 0.05f, 0.62f};
        FakeEmbeddingModel unused = new FakeEmbeddingModel(3);
        try (InMemoryVectorStore other = new InMemoryVectorStore(3)) {
            other.upsert(chunks);

            List<ScoredChunk> fed = new DenseRetriever(other, unused).withFeedback(3, 1.0)
                    .retrieve(q, Query.of("q", 2));

            assertThat(fed).extracting(s -> s.chunk().id()).containsExactly("x2", "x1");
        }
    }

    @Test
    void feedbackRefusesParametersOutOfRange() {
        DenseRetriever dense = new DenseRetriever(new InMemoryVectorStore(3), new FakeEmbeddingModel(3));

        assertThatThrownBy(() -> dense.withFeedback(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dense.withFeedback(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
