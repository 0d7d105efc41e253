package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.EmbeddingModels;
import dev.llmkit.testing.contract.EmbeddingModelContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BgeSmallContractTest extends EmbeddingModelContract {
    private static final EmbeddingModel MODEL = LocalEmbeddings.bgeSmallEnV15();

    @Override
    protected EmbeddingModel model() {
        return MODEL;
    }

    @Test
    void queriesCarryTheBgeInstructionAndPassagesDoNot() {
        float[] query = MODEL.embedQuery("retry on rate limits");
        float[] passage = MODEL.embed("retry on rate limits");
        float[] prefixed = MODEL.embed(LocalEmbeddings.BGE_QUERY_INSTRUCTION + "retry on rate limits");

        assertThat(query).isEqualTo(prefixed);
        assertThat(query).isNotEqualTo(passage);
    }

    @Test
    void vectorsAreUnitLength() {
        float[] v = MODEL.embed("unit length");
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        EmbeddingModel m = EmbeddingModels.create("local:bge-small-en-v1.5", Map.of());
        assertThat(m.info().model()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(m.dimension()).isEqualTo(384);
    }
}
