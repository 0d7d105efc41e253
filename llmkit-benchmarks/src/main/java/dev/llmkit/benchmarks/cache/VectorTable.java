package dev.llmkit.benchmarks.cache;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An embedding model that looks vectors up in a table filled beforehand, so that a benchmark measures the cache's
 * lookup without the embedding. Vectors have bge-small's 384 dimensions and are clustered like real embeddings of
 * questions: each lies near one of {@link #TOPICS} random topic directions (cosine about 0.7 to it), since uniformly
 * random vectors, which no text model produces, are the worst case for a graph index.
 */
final class VectorTable implements EmbeddingModel {
    static final int DIMENSION = 384;
    /** How many topic directions the vectors cluster around. */
    static final int TOPICS = 500;
    private final Map<String, float[]> vectors = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(42);
    private final float[][] topics = new float[TOPICS][];

    VectorTable() {
        for (int t = 0; t < TOPICS; t++) {
            float[] v = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                v[i] = (float) random.nextGaussian();
            }
            topics[t] = normalise(v);
        }
    }

    /** Gives {@code text} a unit vector near a random topic. */
    float[] random(String text) {
        float[] topic = topics[random.nextInt(TOPICS)];
        float[] v = new float[DIMENSION];
        double spread = 1.0 / Math.sqrt(DIMENSION);
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = topic[i] + (float) (random.nextGaussian() * spread);
        }
        vectors.put(text, normalise(v));
        return v;
    }

    /** Gives {@code text} a vector close to {@code anchor}'s (cosine about 0.98). */
    void near(String text, String anchor) {
        float[] a = vectors.get(anchor);
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = a[i] + (float) (random.nextGaussian() * 0.01);
        }
        vectors.put(text, normalise(v));
    }

    private static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float s = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return v;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            float[] v = vectors.get(t);
            if (v == null) {
                throw new IllegalArgumentException("no vector for '" + t + "'");
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.builder("table", "random-384").build();
    }
}
