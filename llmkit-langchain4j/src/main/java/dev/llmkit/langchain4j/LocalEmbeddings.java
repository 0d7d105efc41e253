package dev.llmkit.langchain4j;

import dev.llmkit.api.EmbeddingModel;
import java.util.concurrent.Executor;

/**
 * The in-process embedding models, run on ONNX Runtime from the model files LangChain4j's embedding jars ship. The
 * first call that embeds loads the model (tens of MB) once per JVM; every instance of the same model shares it, and
 * all are thread-safe.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = LocalEmbeddings.bgeSmallEnV15();     // 384 dimensions, the default
 * float[] passage = embeddings.embed("Retries use exponential backoff with full jitter.");
 * float[] query = embeddings.embedQuery("how do retries back off?");   // adds the BGE query instruction
 * List<float[]> vectors = embeddings.embedAll(passages);              // batched: pass many texts at once
 * }</pre>
 *
 * <p>{@code embedAll} tokenizes each text once, truncates it to the model's length (512 tokens for bge-small, 128
 * for MiniLM), sorts the texts by length and runs them through the model in padded micro-batches of up to 16, with
 * ONNX Runtime's threads spanning every core. Measured on 2 cores: bge-small-q embeds about 60 passages/s,
 * all-MiniLM-L6-v2-q about 100/s (MS MARCO passages; see docs/benchmarks.md), 1.6-1.7 times LangChain4j's per-text
 * path. Call {@code embedAll} with batches of tens to hundreds of texts to get that rate; single texts run alone.
 *
 * <p>Loading fails with a non-retryable {@link dev.llmkit.api.error.LlmException} that says what is missing.
 */
public final class LocalEmbeddings {

    /** The instruction BGE v1.5 puts before queries (not passages) for retrieval. */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private LocalEmbeddings() {}

    /** bge-small-en-v1.5, quantized: 384 dimensions, queries prefixed with {@link #BGE_QUERY_INSTRUCTION}. */
    public static EmbeddingModel bgeSmallEnV15() {
        return new LocalEmbeddingModel(LocalModelSpec.BGE_SMALL_EN_V15_Q);
    }

    /**
     * bge-small-en-v1.5 quantized, as {@link #bgeSmallEnV15()}.
     *
     * @param executor not used: the batched path parallelises inside ONNX Runtime over every core
     * @deprecated the executor is ignored since batched inference; use {@link #bgeSmallEnV15()}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static EmbeddingModel bgeSmallEnV15(Executor executor) {
        return bgeSmallEnV15();
    }

    /** all-MiniLM-L6-v2, quantized: 384 dimensions, no query instruction; about twice as fast as bge-small. */
    public static EmbeddingModel allMiniLmL6V2() {
        return new LocalEmbeddingModel(LocalModelSpec.ALL_MINILM_L6_V2_Q);
    }

    /**
     * all-MiniLM-L6-v2 quantized, as {@link #allMiniLmL6V2()}.
     *
     * @param executor not used: the batched path parallelises inside ONNX Runtime over every core
     * @deprecated the executor is ignored since batched inference; use {@link #allMiniLmL6V2()}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static EmbeddingModel allMiniLmL6V2(Executor executor) {
        return allMiniLmL6V2();
    }
}
