package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EmbeddingModel} must show. Extend it and return the model under test.
 */
public abstract class EmbeddingModelContract {

    /** The model under test; may be shared across scenarios. */
    protected abstract EmbeddingModel model();

    @Test
    void returnsOneVectorPerTextInOrderWithTheDeclaredDimension() {
        EmbeddingModel model = model();
        List<float[]> vectors = model.embedAll(List.of("first text", "second text", "third text"));

        assertThat(vectors).hasSize(3);
        assertThat(vectors).allSatisfy(v -> assertThat(v).hasSize(model.dimension()));
        assertThat(vectors.get(1)).isEqualTo(model.embed("second text"));
    }

    @Test
    void embedsAnEmptyListToAnEmptyList() {
        assertThat(model().embedAll(List.of())).isEmpty();
    }

    @Test
    void isDeterministic() {
        assertThat(model().embed("the same text")).isEqualTo(model().embed("the same text"));
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        EmbeddingModel model = model();
        float[] a = model.embed("How do I retry a request after a rate limit error?");
        float[] b = model.embed("Retrying requests that hit rate limit errors");
        float[] c = model.embed("Bananas are rich in potassium");

        assertThat(cosine(a, b)).isGreaterThan(cosine(a, c));
    }

    @Test
    void queryVectorsHaveTheDeclaredDimension() {
        assertThat(model().embedQuery("a question")).hasSize(model().dimension());
    }

    /** Cosine similarity of two vectors. */
    protected static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
