package dev.llmkit.testing;

import dev.llmkit.api.EmbeddingModel;
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
 */
public final class FakeEmbeddingModel implements EmbeddingModel {
    private final int dimension;
    private final AtomicLong textsEmbedded = new AtomicLong();

    /** A model with 64 dimensions. */
    public FakeEmbeddingModel() {
        this(64);
    }

    /** A model with the given number of dimensions, at least 2. */
    public FakeEmbeddingModel(int dimension) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension must be at least 2, got " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(vector(text));
        }
        textsEmbedded.addAndGet(texts.size());
        return out;
    }

    /** How many texts this model has embedded, for asserting on caches. */
    public long textsEmbedded() {
        return textsEmbedded.get();
    }

    private float[] vector(String text) {
        float[] v = new float[dimension];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
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
