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
 * List<float[]> vectors = embeddings.embedAll(passages);              // pass many texts at once: runs use every core
 * }</pre>
 *
 * <p>{@code embedAll} tokenizes each text once, truncates it to the model's length (512 tokens for bge-small, 128
 * for MiniLM) and runs the texts through one shared ONNX Runtime session, one single-threaded run per text and one
 * run per core at a time; the calling thread takes part. Pass tens to hundreds of texts per call: a single text runs
 * on one core. Each vector is exactly the one the model gives the text alone, whatever else is in the call. Measured
 * on 2 cores with MS MARCO passages in calls of 64 (see docs/benchmarks.md): bge-small-q embeds about 120-130
 * passages/s, all-MiniLM-L6-v2-q about 250-320/s.
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
     * bge-small-en-v1.5 quantized, its texts run on the calling thread and on up to one helper per further core from
     * {@code executor} (a rejected helper is no error: the caller runs the texts itself).
     */
    public static EmbeddingModel bgeSmallEnV15(Executor executor) {
        return new LocalEmbeddingModel(LocalModelSpec.BGE_SMALL_EN_V15_Q, executor);
    }

    /** all-MiniLM-L6-v2, quantized: 384 dimensions, no query instruction; about twice as fast as bge-small. */
    public static EmbeddingModel allMiniLmL6V2() {
        return new LocalEmbeddingModel(LocalModelSpec.ALL_MINILM_L6_V2_Q);
    }

    /**
     * all-MiniLM-L6-v2 quantized, its texts run on the calling thread and on up to one helper per further core from
     * {@code executor} (a rejected helper is no error: the caller runs the texts itself).
     */
    public static EmbeddingModel allMiniLmL6V2(Executor executor) {
        return new LocalEmbeddingModel(LocalModelSpec.ALL_MINILM_L6_V2_Q, executor);
    }
}
