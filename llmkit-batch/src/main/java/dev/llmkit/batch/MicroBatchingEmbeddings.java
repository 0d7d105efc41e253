package dev.llmkit.batch;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces concurrent embedding calls into shared batches: many request threads that each embed one text share one
 * ONNX run or one {@code /v1/embeddings} request instead of making one each.
 *
 * <pre>{@code
 * EmbeddingModel shared = MicroBatchingEmbeddings.builder(LocalEmbeddings.bgeSmallEnV15())
 *         .maxBatchSize(32).maxWait(Duration.ofMillis(2)).build();
 * }</pre>
 *
 * <p>The first caller to find no open batch leads one: it waits until the batch is full or {@code maxWait} has passed
 * since it opened it, then runs the batch on its own thread and hands every caller its own vectors. Callers arriving
 * meanwhile join the batch and wait. No thread of the batcher's own runs, so nothing is left behind; a lone caller
 * waits at most {@code maxWait} longer than without batching. A call of {@code maxBatchSize} texts or more goes
 * straight to the model, and so does {@link #embedQuery} (a model may embed queries differently, as bge-small's query
 * instruction does) unless {@link Builder#queriesAsDocuments()} says queries embed like documents. When a batch fails,
 * every caller in it gets the failure. Token usage cannot be split between callers, so {@link #embedBatch} reports
 * none. Thread-safe.
 */
public final class MicroBatchingEmbeddings implements EmbeddingModel {
    private final EmbeddingModel delegate;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final boolean queriesAsDocuments;
    private final IntConsumer batchSizes;
    private final Object lock = new Object();
    private @Nullable Batch open; // guarded by lock; null when no batch takes joiners

    private MicroBatchingEmbeddings(Builder b) {
        this.delegate = b.delegate;
        this.maxBatchSize = b.maxBatchSize;
        this.maxWaitNanos = b.maxWait.toNanos();
        this.queriesAsDocuments = b.queriesAsDocuments;
        this.batchSizes = b.batchSizes;
    }

    /** A batcher in front of {@code delegate}. */
    public static Builder builder(EmbeddingModel delegate) {
        return new Builder(delegate);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        if (texts.size() >= maxBatchSize) {
            batchSizes.accept(texts.size());
            return delegate.embedAll(texts);
        }
        Batch batch;
        int offset;
        boolean leader;
        synchronized (lock) {
            if (open != null && open.texts.size() + texts.size() > maxBatchSize) {
                open.full = true; // its leader runs it now; this call starts the next one
                lock.notifyAll();
                open = null;
            }
            leader = open == null;
            if (leader) {
                open = new Batch(System.nanoTime());
            }
            batch = open;
            offset = batch.texts.size();
            batch.texts.addAll(texts);
            if (batch.texts.size() >= maxBatchSize) {
                batch.full = true;
                open = null;
                lock.notifyAll();
            }
        }
        if (leader) {
            lead(batch);
        }
        List<float[]> all;
        try {
            all = batch.result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return List.copyOf(all.subList(offset, offset + texts.size()));
    }

    /** Waits for joiners, closes the batch and runs it. */
    private void lead(Batch batch) {
        boolean interrupted = false;
        synchronized (lock) {
            long deadline = batch.opened + maxWaitNanos;
            long left;
            while (!batch.full && (left = deadline - System.nanoTime()) > 0) {
                try {
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true; // run the batch anyway: others wait on it
                    break;
                }
            }
            if (open == batch) {
                open = null;
            }
        }
        try {
            List<String> texts = List.copyOf(batch.texts);
            batchSizes.accept(texts.size());
            List<float[]> vectors = delegate.embedAll(texts);
            if (vectors.size() != texts.size()) {
                throw new IllegalStateException("the embedding model " + delegate.info().model() + " returned "
                        + vectors.size() + " vectors for " + texts.size() + " texts");
            }
            batch.result.complete(vectors);
        } catch (RuntimeException | Error e) {
            batch.result.completeExceptionally(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public float[] embedQuery(String query) {
        return queriesAsDocuments ? embed(query) : delegate.embedQuery(query);
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public int maxBatchSize() {
        return delegate.maxBatchSize();
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "MicroBatching(" + delegate + ", up to " + maxBatchSize + " texts, " + maxWaitNanos / 1000 + " µs)";
    }

    /** Texts from several callers, embedded in one call. */
    private static final class Batch {
        final long opened;
        final List<String> texts = new ArrayList<>();
        final CompletableFuture<List<float[]>> result = new CompletableFuture<>();
        boolean full; // guarded by the batcher's lock

        Batch(long opened) {
            this.opened = opened;
        }
    }

    /** Configures a {@link MicroBatchingEmbeddings}. */
    public static final class Builder {
        private final EmbeddingModel delegate;
        private int maxBatchSize = 32;
        private Duration maxWait = Duration.ofMillis(2);
        private boolean queriesAsDocuments;
        private IntConsumer batchSizes = n -> { };

        private Builder(EmbeddingModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** The most texts in one batch; default 32. */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 2) {
                throw new IllegalArgumentException("maxBatchSize must be at least 2, was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** How long a batch waits for joiners after it opens; default 2 ms. */
        public Builder maxWait(Duration maxWait) {
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /** Batches {@code embedQuery} calls too, for a model whose queries embed like documents. */
        public Builder queriesAsDocuments() {
            this.queriesAsDocuments = true;
            return this;
        }

        /** Told the size of every call made to the model (for metrics). */
        public Builder batchSizes(IntConsumer batchSizes) {
            this.batchSizes = Objects.requireNonNull(batchSizes, "batchSizes");
            return this;
        }

        /** The batcher. */
        public MicroBatchingEmbeddings build() {
            return new MicroBatchingEmbeddings(this);
        }
    }
}
