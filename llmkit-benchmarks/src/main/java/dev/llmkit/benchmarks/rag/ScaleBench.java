package dev.llmkit.benchmarks.rag;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.LuceneIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * Vector search at scale: synthetic 384-dimensional unit vectors drawn around 1,000 random centres (so neighbourhoods
 * exist, as with real embeddings), indexed in the Lucene HNSW index, then 200 queries measured for latency and for
 * recall@10 against exact brute-force search. On demand, not in CI.
 *
 * <p>Usage: {@code java -Xmx8g -cp benchmarks.jar dev.llmkit.benchmarks.rag.ScaleBench 100000 [1000000 ...]}
 */
public final class ScaleBench {
    private static final int DIM = 384;
    private static final int QUERIES = 200;

    private ScaleBench() {}

    public static void main(String[] args) {
        System.out.println("| chunks | index build s | HNSW p50 ms | HNSW p99 ms | exact p50 ms | exact p99 ms | recall@10 vs exact |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String a : args.length == 0 ? new String[] {"100000"} : args) {
            run(Integer.parseInt(a));
        }
    }

    private static void run(int n) {
        Random random = new Random(42);
        float[][] centres = new float[1000][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = unit(gaussian(random, 1.0f));
        }
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = noisy(centres[random.nextInt(centres.length)], random);
        }
        try (LuceneIndex index = LuceneIndex.inMemory("synthetic", DIM)) {
            long t0 = System.nanoTime();
            List<EmbeddedChunk> batch = new ArrayList<>(10_000);
            for (int i = 0; i < n; i++) {
                batch.add(new EmbeddedChunk(new Chunk("c" + i, "d" + i, "", "s", 0, Map.of()), vectors[i]));
                if (batch.size() == 10_000) {
                    index.upsert(batch);
                    batch.clear();
                }
            }
            index.upsert(batch);
            index.commit();
            index.size();
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            List<Double> hnsw = new ArrayList<>();
            List<Double> exact = new ArrayList<>();
            double recall = 0;
            for (int q = 0; q < QUERIES + 20; q++) {
                float[] query = noisy(centres[random.nextInt(centres.length)], random);
                long a = System.nanoTime();
                List<ScoredChunk> approx = index.search(query, 10, MetadataFilter.ALL);
                long b = System.nanoTime();
                Set<String> truth = exactTop10(vectors, query);
                long c = System.nanoTime();
                if (q < 20) {
                    continue; // warm-up
                }
                hnsw.add((b - a) / 1e6);
                exact.add((c - b) / 1e6);
                long hits = approx.stream().filter(s -> truth.contains(s.chunk().id())).count();
                recall += hits / 10.0;
            }
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %.2f | %.2f | %.2f | %.2f | %.3f |%n", n, buildSeconds,
                    pct(hnsw, 0.5), pct(hnsw, 0.99), pct(exact, 0.5), pct(exact, 0.99), recall / QUERIES);
        }
    }

    private static Set<String> exactTop10(float[][] vectors, float[] q) {
        PriorityQueue<double[]> top = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
        for (int i = 0; i < vectors.length; i++) {
            double dot = 0;
            float[] v = vectors[i];
            for (int d = 0; d < DIM; d++) {
                dot += v[d] * q[d];
            }
            if (top.size() < 10) {
                top.add(new double[] {dot, i});
            } else if (dot > top.peek()[0]) {
                top.poll();
                top.add(new double[] {dot, i});
            }
        }
        Set<String> ids = new HashSet<>();
        for (double[] e : top) {
            ids.add("c" + (int) e[1]);
        }
        return ids;
    }

    private static double pct(List<Double> xs, double p) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get((int) Math.min(s.size() - 1, Math.ceil(p * s.size()) - 1));
    }

    private static float[] gaussian(Random r, float scale) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian() * scale;
        }
        return v;
    }

    private static float[] noisy(float[] centre, Random r) {
        float[] v = gaussian(r, 0.06f);
        for (int i = 0; i < DIM; i++) {
            v[i] += centre[i];
        }
        return unit(v);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
