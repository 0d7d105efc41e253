package dev.llmkit.testing;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.ModelInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic embedding model for tests: each lower-cased word is hashed into one of {@link #dimension()}
 * buckets and the vector is L2-normalised, so texts that share words are similar and identical texts are
 * identical. No model file, no randomness, thread-safe.
 *
 * <p>{@link #embedBatch(List)} reports one input token per word, and texts are embedded in batches of at most
 * {@link #maxBatchSize()} (count them with {@link #batches()}), so callers' usage accounting and batching can be
 * tested.
 */
public final class FakeEmbeddingModel implements EmbeddingModel {
    private final int dimension;
    private final int maxBatchSize;
    private final AtomicLong textsEmbedded = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    /** A model with 64 dimensions. */
    public FakeEmbeddingModel() {
        this(64);
    }

    /** A model with the given number of dimensions, at least 2, and batches of {@link #DEFAULT_MAX_BATCH_SIZE}. */
    public FakeEmbeddingModel(int dimension) {
        this(dimension, DEFAULT_MAX_BATCH_SIZE);
    }

    /** A model with the given number of dimensions, at least 2, that embeds at most {@code maxBatchSize} texts at once. */
    public FakeEmbeddingModel(int dimension, int maxBatchSize) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension must be at least 2, got " + dimension);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        this.dimension = dimension;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return embedBatch(texts).vectors();
    }

    /** The vectors with one input token per word of each text. */
    @Override
    public Embeddings embedBatch(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        long tokens = 0;
        for (int from = 0; from < texts.size(); from += maxBatchSize) {
            for (String text : texts.subList(from, Math.min(texts.size(), from + maxBatchSize))) {
                out.add(vector(text));
                tokens += words(text).size();
            }
            batches.incrementAndGet();
        }
        textsEmbedded.addAndGet(texts.size());
        return Embeddings.of(out, info().model(), tokens);
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** How many batches of at most {@link #maxBatchSize()} texts this model has embedded. */
    public long batches() {
        return batches.get();
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** How many texts this model has embedded, for asserting on caches. */
    public long textsEmbedded() {
        return textsEmbedded.get();
    }

    private float[] vector(String text) {
        float[] v = new float[dimension];
        for (String word : words(text)) {
            int h = 0x811c9dc5;
            for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ b) * 0x01000193;
            }
            v[Math.floorMod(h, dimension)] += 1f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1f;
            return v;
        }
        float inv = (float) (1.0 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of("fake", "fake-embedding-" + dimension);
    }

    @Override
    public String toString() {
        return "FakeEmbeddingModel[" + dimension + "]";
    }
}
