package dev.llmkit.langchain4j;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.EmbeddingModels;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.EmbeddingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An in-process ONNX model as an llmkit {@link EmbeddingModel}: inference by {@link OnnxBertEncoder}, vectors
 * L2-normalised, an optional instruction prefixed to queries only. The model is loaded the first time any instance
 * embeds and then shared by every instance for the same model in this JVM. ONNX runs happen on the caller's thread
 * and on helpers from an executor: the caller's, or a shared pool of daemon threads (one per core beyond the first,
 * idle ones exit after {@value #IDLE_SECONDS} s; when all are busy the caller does the work itself). Lists longer than
 * {@link #maxBatchSize()} go to the encoder in slices of that size. Usage is the tokenizer's count (special tokens
 * included, after truncation). Each call is reported once to the listener. Thread-safe.
 */
final class LocalEmbeddingModel implements EmbeddingModel {
    /** One loaded encoder per model per JVM; a failed load is not remembered, so the next call tries again. */
    private static final ConcurrentMap<LocalModelSpec, OnnxBertEncoder> LOADED = new ConcurrentHashMap<>();

    /** Seconds an idle thread of the shared pool lives. */
    static final int IDLE_SECONDS = 30;

    private final LocalModelSpec spec;
    private final Executor executor;
    private final int parallelism;
    private final EmbeddingListener listener;
    private final int maxBatchSize;
    private final Scheduler clock = Scheduler.system();

    LocalEmbeddingModel(LocalModelSpec spec) {
        this(spec, SharedPool.EXECUTOR);
    }

    LocalEmbeddingModel(LocalModelSpec spec, Executor executor) {
        this(spec, executor, EmbeddingListener.NONE, LocalEmbeddings.DEFAULT_MAX_BATCH_SIZE);
    }

    LocalEmbeddingModel(LocalModelSpec spec, @Nullable Executor executor, EmbeddingListener listener, int maxBatchSize) {
        this.spec = spec;
        this.executor = executor != null ? executor : SharedPool.EXECUTOR;
        this.parallelism = Runtime.getRuntime().availableProcessors();
        this.listener = EmbeddingListener.safe(listener);
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
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
        return embedBatch(texts).vectors();
    }

    @Override
    public Embeddings embedBatch(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        return run(texts, new Call(texts.size(), clock.nanoTime()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs on {@link EmbeddingModels#asyncExecutor()}, with helpers as for {@code embedBatch}. Cancelling the
     * returned future interrupts the call: no further text starts its ONNX run (those running finish), and the
     * listener hears of the call once, with a {@link CancellationException}.
     */
    @Override
    public CompletableFuture<Embeddings> embedBatchAsync(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        Call call = new Call(copy.size(), clock.nanoTime());
        CompletableFuture<Embeddings> future = EmbeddingModels.supplyAsync(() -> run(copy, call),
                EmbeddingModels.asyncExecutor());
        call.future.set(future);
        // cancelled before it started (the work then never runs) or while running: reported here, once
        future.whenComplete((result, error) -> {
            if (future.isCancelled()) {
                call.report(null, new CancellationException("the embedding call was cancelled"));
            }
        });
        return future;
    }

    private Embeddings run(List<String> texts, Call call) {
        try {
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += maxBatchSize) {
                OnnxBertEncoder.Encoded part = encoder()
                        .embedAll(texts.subList(from, Math.min(texts.size(), from + maxBatchSize)), executor, parallelism);
                vectors.addAll(part.vectors());
                call.tokens += part.tokens();
            }
            Embeddings result = Embeddings.of(vectors, spec.name(), call.tokens);
            call.report(result, null);
            return result;
        } catch (RuntimeException | Error e) {
            CompletableFuture<Embeddings> f = call.future.get();
            call.report(null, f != null && f.isCancelled() ? new CancellationException("the embedding call was cancelled") : e);
            throw e;
        }
    }

    /** One call's reporting state: it is reported exactly once, by whichever end comes first. */
    private final class Call {
        final int texts;
        final long start;
        final AtomicBoolean reported = new AtomicBoolean();
        final AtomicReference<@Nullable CompletableFuture<Embeddings>> future = new AtomicReference<>();
        /** Tokens of the slices embedded so far (they ran, even if a later slice fails). */
        volatile long tokens;

        Call(int texts, long start) {
            this.texts = texts;
            this.start = start;
        }

        void report(@Nullable Embeddings result, @Nullable Throwable error) {
            if (listener == EmbeddingListener.NONE || !reported.compareAndSet(false, true)) {
                return;
            }
            EmbeddingEvent.Builder e = EmbeddingEvent.builder().provider("local").model(spec.name()).texts(texts)
                    .inputTokens(result != null ? result.inputTokens() : tokens)
                    .latency(Duration.ofNanos(Math.max(0, clock.nanoTime() - start)));
            if (error != null) {
                e.error(error);
            }
            listener.onEmbedding(e.build());
        }
    }

    /** How many texts go to the ONNX encoder at once; larger lists are sliced. */
    @Override
    public int maxBatchSize() {
        return maxBatchSize;
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
