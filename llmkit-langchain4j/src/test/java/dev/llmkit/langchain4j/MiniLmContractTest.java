package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.EmbeddingModels;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.testing.contract.EmbeddingModelContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniLmContractTest extends EmbeddingModelContract {
    private static final EmbeddingModel MODEL = LocalEmbeddings.allMiniLmL6V2();

    @Override
    protected EmbeddingModel model() {
        return MODEL;
    }

    @Test
    void queriesAreEmbeddedLikePassages() {
        assertThat(MODEL.embedQuery("same text")).isEqualTo(MODEL.embed("same text"));
    }

    @Test
    void unknownLocalModelNamesTheValidOnes() {
        assertThat(EmbeddingModels.create("local:all-minilm-l6-v2", Map.of()).info().model())
                .isEqualTo("all-minilm-l6-v2-q");
        assertThatThrownBy(() -> EmbeddingModels.create("local:gte-large", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("local:bge-small-en-v1.5");
    }
}
