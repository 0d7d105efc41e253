package dev.llmkit.langchain4j;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.llmkit.api.EmbeddingModel;
import java.util.concurrent.Executor;

/**
 * The in-process embedding models. Each loads its ONNX model (tens of MB, shipped in a Maven jar) the first time it
 * embeds, once per model instance; reuse one instance per JVM.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = LocalEmbeddings.bgeSmallEnV15();     // 384 dimensions, the default
 * float[] passage = embeddings.embed("Retries use exponential backoff with full jitter.");
 * float[] query = embeddings.embedQuery("how do retries back off?");   // adds the BGE query instruction
 * }</pre>
 *
 * <p>Measured on 2 cores: bge-small-q embeds about 70 passages/s, all-MiniLM-L6-v2-q about 136/s; bge retrieves
 * markedly better (see docs/benchmarks.md).
 */
public final class LocalEmbeddings {

    /** The instruction BGE v1.5 puts before queries (not passages) for retrieval. */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private LocalEmbeddings() {}

    /** bge-small-en-v1.5, quantized: 384 dimensions, queries prefixed with {@link #BGE_QUERY_INSTRUCTION}. */
    public static EmbeddingModel bgeSmallEnV15() {
        return new LocalEmbeddingModel("bge-small-en-v1.5-q", 384, BGE_QUERY_INSTRUCTION,
                () -> new BgeSmallEnV15QuantizedEmbeddingModel());
    }

    /** bge-small-en-v1.5 quantized, batches split across {@code executor}'s threads. */
    public static EmbeddingModel bgeSmallEnV15(Executor executor) {
        return new LocalEmbeddingModel("bge-small-en-v1.5-q", 384, BGE_QUERY_INSTRUCTION,
                () -> new BgeSmallEnV15QuantizedEmbeddingModel(executor));
    }

    /** all-MiniLM-L6-v2, quantized: 384 dimensions, no query instruction; about twice as fast as bge-small. */
    public static EmbeddingModel allMiniLmL6V2() {
        return new LocalEmbeddingModel("all-minilm-l6-v2-q", 384, "", () -> new AllMiniLmL6V2QuantizedEmbeddingModel());
    }

    /** all-MiniLM-L6-v2 quantized, batches split across {@code executor}'s threads. */
    public static EmbeddingModel allMiniLmL6V2(Executor executor) {
        return new LocalEmbeddingModel("all-minilm-l6-v2-q", 384, "",
                () -> new AllMiniLmL6V2QuantizedEmbeddingModel(executor));
    }
}
