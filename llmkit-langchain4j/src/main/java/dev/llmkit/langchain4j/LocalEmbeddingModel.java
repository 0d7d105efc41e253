package dev.llmkit.langchain4j;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An in-process ONNX model as an llmkit {@link EmbeddingModel}: batched inference ({@link OnnxBertEncoder}), vectors
 * L2-normalised, an optional instruction prefixed to queries only. The model is loaded the first time any instance
 * embeds and then shared by every instance for the same model in this JVM. Thread-safe.
 */
final class LocalEmbeddingModel implements EmbeddingModel {
    /** One loaded encoder per model per JVM; a failed load is not remembered, so the next call tries again. */
    private static final ConcurrentMap<LocalModelSpec, OnnxBertEncoder> LOADED = new ConcurrentHashMap<>();

    private final LocalModelSpec spec;

    LocalEmbeddingModel(LocalModelSpec spec) {
        this.spec = spec;
    }

    private OnnxBertEncoder encoder() {
        OnnxBertEncoder e = LOADED.get(spec);
        return e != null ? e : LOADED.computeIfAbsent(spec, OnnxBertEncoder::load);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        return encoder().embedAll(texts);
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(spec.queryInstruction() + query);
    }

    @Override
    public int dimension() {
        return spec.dimension();
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of("local", spec.name());
    }

    @Override
    public String toString() {
        return "LocalEmbeddingModel[" + spec.name() + "]";
    }
}
