package dev.llmkit.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An in-process LangChain4j ONNX model as an llmkit {@link EmbeddingModel}: loaded lazily, vectors L2-normalised,
 * an optional instruction prefixed to queries only. Thread-safe.
 */
final class LocalEmbeddingModel implements EmbeddingModel {
    private final String name;
    private final int dimension;
    private final String queryInstruction;
    private final Supplier<dev.langchain4j.model.embedding.EmbeddingModel> loader;
    private volatile dev.langchain4j.model.embedding.@org.jspecify.annotations.Nullable EmbeddingModel delegate;

    LocalEmbeddingModel(String name, int dimension, String queryInstruction,
            Supplier<dev.langchain4j.model.embedding.EmbeddingModel> loader) {
        this.name = name;
        this.dimension = dimension;
        this.queryInstruction = queryInstruction;
        this.loader = loader;
    }

    private dev.langchain4j.model.embedding.EmbeddingModel model() {
        var m = delegate;
        if (m == null) {
            synchronized (this) {
                m = delegate;
                if (m == null) {
                    try {
                        m = loader.get();
                    } catch (RuntimeException | LinkageError e) {
                        throw new LlmException("Could not load the in-process embedding model " + name
                                + " (ONNX Runtime): " + e + ". Check that the langchain4j-embeddings jars are on the"
                                + " classpath and the platform is supported by onnxruntime.", e, false, ErrorInfo.NONE);
                    }
                    delegate = m;
                }
            }
        }
        return m;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            // ONNX tokenizers reject empty input; a single space embeds as "nothing".
            segments.add(TextSegment.from(t.isBlank() ? " " : t));
        }
        List<Embedding> embeddings = model().embedAll(segments).content();
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            out.add(normalise(e.vector()));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(queryInstruction + query);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of("local", name);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return v;
        }
        float inv = (float) (1.0 / Math.sqrt(norm));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    @Override
    public String toString() {
        return "LocalEmbeddingModel[" + name + "]";
    }
}
