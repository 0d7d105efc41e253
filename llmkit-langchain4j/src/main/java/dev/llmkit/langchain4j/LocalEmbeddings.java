package dev.llmkit.langchain4j;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.event.EmbeddingListener;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

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
 * <p>{@code embedBatch} reports the tokens the model read, counted by the tokenizer it runs (special tokens included,
 * after truncation); {@code embedBatchAsync} runs on {@link dev.llmkit.api.EmbeddingModels#asyncExecutor()} and
 * stops starting texts when its future is cancelled. For a listener or other limits use the builder:
 *
 * <pre>{@code
 * EmbeddingModel embeddings = LocalEmbeddings.builder(LocalEmbeddings.Model.BGE_SMALL_EN_V15)
 *         .listener(event -> log.debug("{}", event))
 *         .build();
 * }</pre>
 *
 * <p>Loading fails with a non-retryable {@link dev.llmkit.api.error.LlmException} that says what is missing.
 */
public final class LocalEmbeddings {

    /** The instruction BGE v1.5 puts before queries (not passages) for retrieval. */
    public static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    /**
     * Texts handed to the ONNX encoder at once by default ({@link EmbeddingModel#maxBatchSize()}); longer lists are
     * sliced. Slicing does not change any vector (each text runs alone); it bounds the memory of one slice's
     * tokenization.
     */
    public static final int DEFAULT_MAX_BATCH_SIZE = 1024;

    private LocalEmbeddings() {}

    /** The in-process models. */
    public enum Model {
        /** bge-small-en-v1.5, quantized: the default; queries carry {@link #BGE_QUERY_INSTRUCTION}. */
        BGE_SMALL_EN_V15(LocalModelSpec.BGE_SMALL_EN_V15_Q),
        /** all-MiniLM-L6-v2, quantized: lighter, about twice as fast. */
        ALL_MINILM_L6_V2(LocalModelSpec.ALL_MINILM_L6_V2_Q);

        private final LocalModelSpec spec;

        Model(LocalModelSpec spec) {
            this.spec = spec;
        }
    }

    /** Starts a builder for {@code model}. */
    public static Builder builder(Model model) {
        return new Builder(Objects.requireNonNull(model, "model"));
    }

    /** Builds an in-process embedding model with a listener, an executor for helpers or another batch size. */
    public static final class Builder {
        private final Model model;
        private @Nullable Executor executor;
        private EmbeddingListener listener = EmbeddingListener.NONE;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;

        private Builder(Model model) {
            this.model = model;
        }

        /**
         * Where helper threads come from: texts run on the calling thread and on up to one helper per further core
         * from {@code executor} (a rejected helper is no error: the caller runs the texts itself). Default: a shared
         * pool of daemon threads.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Told of every call once, when it ends (texts, tokens, latency, error); default {@link EmbeddingListener#NONE}.
         * Its exceptions are logged at WARN and never reach the call.
         */
        public Builder listener(EmbeddingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Texts handed to the encoder at once, 1 or more; default {@value LocalEmbeddings#DEFAULT_MAX_BATCH_SIZE}. */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Builds the model; it loads on its first call. */
        public EmbeddingModel build() {
            return new LocalEmbeddingModel(model.spec, executor, listener, maxBatchSize);
        }
    }

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
