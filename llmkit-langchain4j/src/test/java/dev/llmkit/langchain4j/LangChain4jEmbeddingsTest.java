package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.contract.EmbeddingModelContract;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Embedding models both ways between llmkit and LangChain4j. */
class LangChain4jEmbeddingsTest {

    /** An llmkit model seen through LangChain4j and back keeps the llmkit contract. */
    @Nested
    class RoundTrip extends EmbeddingModelContract {
        @Override
        protected EmbeddingModel model() {
            return LangChain4jEmbeddings.from(LangChain4jEmbeddings.toLangChain4j(new FakeEmbeddingModel(32)));
        }
    }

    @Test
    void vectorsAndUsageCrossBothWays() {
        FakeEmbeddingModel fake = new FakeEmbeddingModel(16);
        dev.langchain4j.model.embedding.EmbeddingModel lc4j = LangChain4jEmbeddings.toLangChain4j(fake);

        Response<List<dev.langchain4j.data.embedding.Embedding>> r = lc4j.embedAll(List.of(TextSegment.from("alpha"),
                TextSegment.from("beta")));

        assertThat(r.content()).hasSize(2);
        assertThat(r.content().get(0).vector()).containsExactly(fake.embed("alpha"));
        assertThat(lc4j.dimension()).isEqualTo(16);
        Embeddings back = LangChain4jEmbeddings.from(lc4j).embedBatch(List.of("alpha", "beta"));
        assertThat(back.vectors().get(1)).containsExactly(fake.embed("beta"));
        assertThat(back.usageKnown()).isEqualTo(fake.embedBatch(List.of("alpha", "beta")).usageKnown());
    }

    @Test
    void aFailingOrMiscountingLangChain4jModelIsAClearLlmException() {
        dev.langchain4j.model.embedding.EmbeddingModel broken = new dev.langchain4j.model.embedding.EmbeddingModel() {
            @Override
            public Response<List<dev.langchain4j.data.embedding.Embedding>> embedAll(List<TextSegment> segments) {
                throw new IllegalStateException("quota exceeded");
            }

            @Override
            public String modelName() {
                return "remote-embedder";
            }
        };
        dev.langchain4j.model.embedding.EmbeddingModel short1 = new dev.langchain4j.model.embedding.EmbeddingModel() {
            @Override
            public Response<List<dev.langchain4j.data.embedding.Embedding>> embedAll(List<TextSegment> segments) {
                return Response.from(List.of(dev.langchain4j.data.embedding.Embedding.from(new float[] {1, 0})));
            }
        };

        assertThatThrownBy(() -> LangChain4jEmbeddings.from(broken).embedAll(List.of("x")))
                .isInstanceOf(LlmException.class).hasMessageContaining("remote-embedder")
                .hasMessageContaining("quota exceeded");
        assertThatThrownBy(() -> LangChain4jEmbeddings.from(short1).embedAll(List.of("x", "y")))
                .isInstanceOf(LlmException.class).hasMessageContaining("returned 1 vectors for 2 texts");
    }
}
