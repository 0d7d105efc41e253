package dev.llmkit.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embedding models across the two libraries, both ways: any LangChain4j {@code EmbeddingModel} (OpenAI, Ollama,
 * Vertex, in-process ONNX models, ...) as an llmkit {@link EmbeddingModel}, and any llmkit one as a LangChain4j one
 * (for a LangChain4j {@code EmbeddingStoreIngestor}, say).
 *
 * <pre>{@code
 * EmbeddingModel embeddings = LangChain4jEmbeddings.from(new OllamaEmbeddingModel(...));
 * dev.langchain4j.model.embedding.EmbeddingModel back = LangChain4jEmbeddings.toLangChain4j(embeddings);
 * }</pre>
 */
public final class LangChain4jEmbeddings {
    private LangChain4jEmbeddings() {}

    /**
     * {@code model} as an llmkit embedding model. Its vectors come back in order; its token usage, when it reports
     * one, is the batch's usage; what it throws becomes an {@link LlmException} naming the model.
     */
    public static EmbeddingModel from(dev.langchain4j.model.embedding.EmbeddingModel model) {
        return new FromLangChain4j(Objects.requireNonNull(model, "model"));
    }

    /** {@code model} as a LangChain4j embedding model, reporting the batch's input tokens when it knows them. */
    public static dev.langchain4j.model.embedding.EmbeddingModel toLangChain4j(EmbeddingModel model) {
        return new ToLangChain4j(Objects.requireNonNull(model, "model"));
    }

    /** A LangChain4j model behind llmkit's interface. */
    private static final class FromLangChain4j implements EmbeddingModel {
        private final dev.langchain4j.model.embedding.EmbeddingModel delegate;

        FromLangChain4j(dev.langchain4j.model.embedding.EmbeddingModel delegate) {
            this.delegate = delegate;
        }

        private Response<List<Embedding>> call(List<String> texts) {
            List<TextSegment> segments = new ArrayList<>(texts.size());
            texts.forEach(t -> segments.add(TextSegment.from(t)));
            Response<List<Embedding>> r;
            try {
                r = delegate.embedAll(segments);
            } catch (LlmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new LlmException("The LangChain4j embedding model " + delegate.modelName() + " failed: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e,
                        false, ErrorInfo.NONE);
            }
            if (r == null || r.content() == null || r.content().size() != texts.size()) {
                throw new LlmException("The LangChain4j embedding model " + delegate.modelName() + " returned "
                        + (r == null || r.content() == null ? "nothing" : r.content().size() + " vectors") + " for "
                        + texts.size() + " texts");
            }
            return r;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (texts.isEmpty()) {
                return List.of();
            }
            List<float[]> out = new ArrayList<>(texts.size());
            call(texts).content().forEach(e -> out.add(e.vector()));
            return out;
        }

        @Override
        public Embeddings embedBatch(List<String> texts) {
            if (texts.isEmpty()) {
                return Embeddings.of(List.of(), info().model());
            }
            Response<List<Embedding>> r = call(texts);
            List<float[]> vectors = new ArrayList<>(texts.size());
            r.content().forEach(e -> vectors.add(e.vector()));
            TokenUsage usage = r.tokenUsage();
            return usage != null && usage.inputTokenCount() != null
                    ? Embeddings.of(vectors, info().model(), usage.inputTokenCount())
                    : Embeddings.of(vectors, info().model());
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.of("langchain4j", delegate.modelName());
        }

        @Override
        public String toString() {
            return "LangChain4j(" + delegate.modelName() + ")";
        }
    }

    /** An llmkit model behind LangChain4j's interface. */
    private static final class ToLangChain4j implements dev.langchain4j.model.embedding.EmbeddingModel {
        private final EmbeddingModel delegate;

        ToLangChain4j(EmbeddingModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<String> texts = new ArrayList<>(segments.size());
            segments.forEach(s -> texts.add(s.text()));
            Embeddings e = delegate.embedBatch(texts);
            List<Embedding> out = new ArrayList<>(e.size());
            e.vectors().forEach(v -> out.add(Embedding.from(v)));
            return e.usageKnown() ? Response.from(out, new TokenUsage((int) Math.min(Integer.MAX_VALUE,
                    e.inputTokens()))) : Response.from(out);
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public String modelName() {
            return delegate.info().model();
        }

        @Override
        public String toString() {
            return "LangChain4j view of " + delegate;
        }
    }
}
