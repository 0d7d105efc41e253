package dev.llmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.Embeddings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeEmbeddingModelTest {

    @Test
    void reportsOneTokenPerWordAndSplitsByItsMaxBatchSize() {
        FakeEmbeddingModel model = new FakeEmbeddingModel(8, 2);

        Embeddings result = model.embedBatch(List.of("one two", "three", "four five six", "", "seven"));

        assertThat(model.maxBatchSize()).isEqualTo(2);
        assertThat(result.size()).isEqualTo(5);
        assertThat(result.inputTokens()).isEqualTo(7);
        assertThat(result.model()).isEqualTo("fake-embedding-8");
        assertThat(model.batches()).isEqualTo(3);
        assertThat(result.vectors().get(2)).isEqualTo(model.embed("four five six"));
    }

    @Test
    void asyncGivesTheSameVectors() throws Exception {
        FakeEmbeddingModel model = new FakeEmbeddingModel(8);

        Embeddings result = model.embedBatchAsync(List.of("a b", "c")).get(10, TimeUnit.SECONDS);

        assertThat(result.vectors()).containsExactlyElementsOf(model.embedAll(List.of("a b", "c")));
        assertThat(result.inputTokens()).isEqualTo(3);
    }
}
