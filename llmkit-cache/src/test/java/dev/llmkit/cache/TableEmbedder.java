package dev.llmkit.cache;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test embedding model whose vectors the test sets: {@link #near} gives a text a vector at a chosen cosine from
 * another's; any other text gets a random vector (nearly orthogonal to the rest in 64 dimensions).
 */
final class TableEmbedder implements EmbeddingModel {
    static final int DIMENSION = 64;
    private final Map<String, float[]> table = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;

    /** Makes {@code text}'s vector have cosine {@code similarity} with {@code anchor}'s. */
    TableEmbedder near(String text, String anchor, double similarity) {
        float[] a = vector(anchor);
        float[] noise = random(text.hashCode() * 31L + 7);
        // remove the anchor's component from the noise, then mix: cos = similarity exactly
        double dot = 0;
        for (int i = 0; i < DIMENSION; i++) {
            dot += noise[i] * a[i];
        }
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            noise[i] -= (float) (dot * a[i]);
            norm += noise[i] * noise[i];
        }
        norm = Math.sqrt(norm);
        double ortho = Math.sqrt(1 - similarity * similarity);
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) (similarity * a[i] + ortho * noise[i] / norm);
        }
        table.put(text, v);
        return this;
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    int calls() {
        return calls.get();
    }

    private float[] vector(String text) {
        return table.computeIfAbsent(text, t -> random(t.hashCode()));
    }

    private static float[] random(long seed) {
        Random r = new Random(seed);
        float[] v = new float[DIMENSION];
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) r.nextGaussian();
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < DIMENSION; i++) {
            v[i] /= (float) norm;
        }
        return v;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        calls.incrementAndGet();
        if (failing) {
            throw new dev.llmkit.api.error.ServerErrorException("embedding server down");
        }
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(vector(t).clone());
        }
        return out;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.builder("test", "table").build();
    }
}
