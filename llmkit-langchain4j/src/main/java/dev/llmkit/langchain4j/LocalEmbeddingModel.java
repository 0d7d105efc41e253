package dev.llmkit.langchain4j;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process ONNX model as an llmkit {@link EmbeddingModel}: inference by {@link OnnxBertEncoder}, vectors
 * L2-normalised, an optional instruction prefixed to queries only. The model is loaded the first time any instance
 * embeds and then shared by every instance for the same model in this JVM. ONNX runs happen on the caller's thread
 * and on helpers from an executor: the caller's, or a shared pool of daemon threads (one per core beyond the first,
 * idle ones exit after {@value #IDLE_SECONDS} s; when all are busy the caller does the work itself). Thread-safe.
 */
final class LocalEmbeddingModel implements EmbeddingModel {
    /** One loaded encoder per model per JVM; a failed load is not remembered, so the next call tries again. */
    private static final ConcurrentMap<LocalModelSpec, OnnxBertEncoder> LOADED = new ConcurrentHashMap<>();

    /** Seconds an idle thread of the shared pool lives. */
    static final int IDLE_SECONDS = 30;

    private final LocalModelSpec spec;
    private final Executor executor;
    private final int parallelism;

    LocalEmbeddingModel(LocalModelSpec spec) {
        this(spec, SharedPool.EXECUTOR);
    }

    LocalEmbeddingModel(LocalModelSpec spec, Executor executor) {
        this.spec = spec;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.parallelism = Runtime.getRuntime().availableProcessors();
    }

    /** The default helpers, created on first use. */
    private static final class SharedPool {
        static final Executor EXECUTOR = create();

        private static Executor create() {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0,
                    Math.max(1, Runtime.getRuntime().availableProcessors() - 1), IDLE_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "llmkit-local-embeddings-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy());
            return pool;
        }
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
        return encoder().embedAll(texts, executor, parallelism);
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
