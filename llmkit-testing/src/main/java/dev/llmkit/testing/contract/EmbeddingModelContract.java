package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void theBatchCallGivesTheVectorsOfEmbedAllWithItsUsage() {
        EmbeddingModel model = model();
        List<String> texts = List.of("first text", "second text");
        Embeddings batch = model.embedBatch(texts);

        assertThat(batch.vectors()).containsExactlyElementsOf(model.embedAll(texts));
        assertThat(batch.model()).isEqualTo(model.info().model());
        assertThat(batch.inputTokens()).isNotNegative();
        if (!batch.usageKnown()) {
            assertThat(batch.inputTokens()).isZero();
        }
    }

    @Test
    void theAsyncCallGivesTheVectorsOfTheBlockingCall() throws Exception {
        EmbeddingModel model = model();
        List<String> texts = List.of("first text", "second text", "third text");

        Embeddings async = model.embedBatchAsync(texts).get(60, TimeUnit.SECONDS);

        assertThat(async.vectors()).containsExactlyElementsOf(model.embedAll(texts));
        assertThat(async.inputTokens()).isEqualTo(model.embedBatch(texts).inputTokens());
    }

    @Test
    void statesAPositiveMaxBatchSizeAndSplitsLongerListsInOrder() {
        EmbeddingModel model = model();
        int max = model.maxBatchSize();
        assertThat(max).isPositive();
        if (max > 64) {
            return; // too many texts to embed in a unit test; such a model tests its splitting itself
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i <= max * 2; i++) {
            texts.add("text number " + i);
        }

        List<float[]> vectors = model.embedAll(texts);

        assertThat(vectors).hasSize(texts.size());
        assertThat(vectors.get(max)).isEqualTo(model.embed(texts.get(max)));
        assertThat(vectors.get(texts.size() - 1)).isEqualTo(model.embed(texts.get(texts.size() - 1)));
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
