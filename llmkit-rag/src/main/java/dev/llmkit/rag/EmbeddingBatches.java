package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Fills the vectors of an ingest's pending documents: first from the {@link EmbeddingCache}, then what the cache
 * misses from the embedding model, in batches of at most {@code batchSize} texts run in parallel on a pool, each
 * result put into the cache once its length is checked against the index's dimension (a model returning vectors of
 * another length fails with a {@link ConfigurationException} and caches nothing).
 */
final class EmbeddingBatches {
    private final EmbeddingModel embeddings;
    private final EmbeddingCache cache;
    private final String modelIdentity;
    private final int batchSize;
    private final int dimension;
    private final ExecutorService pool;

    EmbeddingBatches(EmbeddingModel embeddings, EmbeddingCache cache, String modelIdentity, int batchSize,
            int dimension, ExecutorService pool) {
        this.embeddings = embeddings;
        this.dimension = dimension;
        this.cache = cache;
        this.modelIdentity = modelIdentity;
        this.batchSize = batchSize;
        this.pool = pool;
    }

    /** A document waiting for the vectors of its chunks. */
    static final class Pending {
        final Document doc;
        final String hash;
        final List<Chunk> chunks;
        final float[][] vectors;

        Pending(Document doc, String hash, List<Chunk> chunks) {
            this.doc = doc;
            this.hash = hash;
            this.chunks = chunks;
            this.vectors = new float[chunks.size()][];
        }
    }

    private record Slot(Pending pending, int index) {
    }

    /** Told how the vectors were found, as it happens. */
    interface Listener {
        /** {@code chunks} vectors came from the cache (called once per {@link #fill}, before any batch ends). */
        void fromCache(int chunks);

        /** A batch of {@code chunks} texts was embedded (called in the batches' order). */
        void embedded(int chunks);
    }

    /**
     * Fills every vector of {@code pending}. When a batch fails, the batches not yet started are cancelled (running ones
     * are not interrupted: the caller waits for them) and its exception (the cause, when a {@link RuntimeException})
     * is thrown.
     */
    void fill(List<Pending> pending, Listener listener) {
        List<Slot> missing = new ArrayList<>();
        int hits = 0;
        for (Pending p : pending) {
            for (int i = 0; i < p.chunks.size(); i++) {
                float[] v = cache.get(EmbeddingCache.key(modelIdentity, p.chunks.get(i).text()));
                if (v == null || v.length != dimension) { // a vector of another length (cached before checks) is a miss
                    missing.add(new Slot(p, i));
                } else {
                    p.vectors[i] = v;
                    hits++;
                }
            }
        }
        listener.fromCache(hits);
        List<CompletableFuture<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < missing.size(); from += batchSize) {
            List<Slot> batch = missing.subList(from, Math.min(missing.size(), from + batchSize));
            batches.add(CompletableFuture.supplyAsync(() -> embed(batch), pool));
        }
        for (CompletableFuture<Integer> batch : batches) {
            int done;
            try {
                done = batch.join();
            } catch (CompletionException e) {
                batches.forEach(b -> b.cancel(false)); // batches not started never run; running ones finish
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
            listener.embedded(done);
        }
    }

    private int embed(List<Slot> batch) {
        List<String> texts = batch.stream().map(s -> s.pending.chunks.get(s.index).text()).toList();
        List<float[]> vs = embeddings.embedAll(texts);
        if (vs.size() != texts.size()) {
            throw new IllegalStateException("embedding model returned " + vs.size() + " vectors for "
                    + texts.size() + " texts");
        }
        for (float[] v : vs) {
            if (v == null || v.length != dimension) {
                throw new ConfigurationException("The embedding model returned a vector of "
                        + (v == null ? "no" : String.valueOf(v.length)) + " dimensions, but the index has "
                        + dimension + ". Use the embedding model (and options) the index was built with, or build a"
                        + " new index for this model; nothing of this batch was cached.");
            }
        }
        for (int j = 0; j < batch.size(); j++) {
            batch.get(j).pending.vectors[batch.get(j).index] = vs.get(j);
            cache.put(EmbeddingCache.key(modelIdentity, texts.get(j)), vs.get(j));
        }
        return batch.size();
    }
}
