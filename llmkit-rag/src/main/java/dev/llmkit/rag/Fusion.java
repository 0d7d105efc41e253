package dev.llmkit.rag;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines ranked lists from several retrievers into one.
 *
 * <ul>
 *   <li>{@link #rrf}: reciprocal rank fusion, {@code score(d) = sum over lists of 1 / (k + rank(d))} with ranks from
 *       1; ignores score scales entirely (Cormack et al., 2009; {@code k = 60} is the usual default).</li>
 *   <li>{@link #weighted}: each list's scores are min-max normalised to [0, 1] and summed with weights; a chunk
 *       missing from a list gets 0 from it. Lets a stronger retriever count for more.</li>
 *   <li>{@link #zScore}: each list's scores are standardised (minus the list's mean, over its standard deviation)
 *       and summed with weights; a chunk missing from a list gets that list's lowest standardised score. Robust to
 *       the long tails of BM25 scores, where min-max squeezes most candidates together.</li>
 * </ul>
 * Ties keep the order in which chunks were first seen. Results are sorted best first.
 */
public final class Fusion {
    /** The customary RRF constant. */
    public static final int DEFAULT_RRF_K = 60;

    private Fusion() {}

    /** Reciprocal rank fusion of {@code lists} with constant {@code k} (at least 1). */
    public static List<ScoredChunk> rrf(List<List<ScoredChunk>> lists, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("RRF k must be at least 1, got " + k);
        }
        Map<String, Chunk> chunks = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<ScoredChunk> list : lists) {
            for (int rank = 0; rank < list.size(); rank++) {
                Chunk c = list.get(rank).chunk();
                chunks.putIfAbsent(c.id(), c);
                scores.merge(c.id(), 1.0 / (k + rank + 1), Double::sum);
            }
        }
        return sorted(chunks, scores);
    }

    /**
     * Weighted fusion of min-max-normalised scores.
     *
     * @param lists the ranked lists
     * @param weights one non-negative weight per list
     */
    public static List<ScoredChunk> weighted(List<List<ScoredChunk>> lists, List<Double> weights) {
        if (lists.size() != weights.size()) {
            throw new IllegalArgumentException(lists.size() + " lists but " + weights.size() + " weights");
        }
        Map<String, Chunk> chunks = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int l = 0; l < lists.size(); l++) {
            double w = weights.get(l);
            if (!(w >= 0)) {
                throw new IllegalArgumentException("weights must be non-negative, got " + w);
            }
            List<ScoredChunk> list = lists.get(l);
            if (list.isEmpty()) {
                continue;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (ScoredChunk s : list) {
                min = Math.min(min, s.score());
                max = Math.max(max, s.score());
            }
            double range = max - min;
            for (ScoredChunk s : list) {
                double norm = range == 0 ? 1.0 : (s.score() - min) / range;
                chunks.putIfAbsent(s.chunk().id(), s.chunk());
                scores.merge(s.chunk().id(), w * norm, Double::sum);
            }
        }
        return sorted(chunks, scores);
    }

    /**
     * Weighted fusion of standardised (z-score) scores.
     *
     * @param lists the ranked lists
     * @param weights one non-negative weight per list
     */
    public static List<ScoredChunk> zScore(List<List<ScoredChunk>> lists, List<Double> weights) {
        if (lists.size() != weights.size()) {
            throw new IllegalArgumentException(lists.size() + " lists but " + weights.size() + " weights");
        }
        Map<String, Chunk> chunks = new LinkedHashMap<>();
        List<Map<String, Double>> perList = new ArrayList<>();
        List<Double> floors = new ArrayList<>();
        for (int l = 0; l < lists.size(); l++) {
            double w = weights.get(l);
            if (!(w >= 0)) {
                throw new IllegalArgumentException("weights must be non-negative, got " + w);
            }
            List<ScoredChunk> list = lists.get(l);
            double mean = list.stream().mapToDouble(ScoredChunk::score).average().orElse(0);
            double var = list.stream().mapToDouble(s -> (s.score() - mean) * (s.score() - mean)).average().orElse(0);
            double sd = Math.sqrt(var);
            Map<String, Double> z = new LinkedHashMap<>();
            double floor = 0;
            for (ScoredChunk s : list) {
                double v = sd == 0 ? 0 : (s.score() - mean) / sd;
                chunks.putIfAbsent(s.chunk().id(), s.chunk());
                z.merge(s.chunk().id(), v, Math::max);
                floor = Math.min(floor, v);
            }
            perList.add(z);
            floors.add(floor);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String id : chunks.keySet()) {
            double total = 0;
            for (int l = 0; l < lists.size(); l++) {
                total += weights.get(l) * perList.get(l).getOrDefault(id, floors.get(l));
            }
            scores.put(id, total);
        }
        return sorted(chunks, scores);
    }

    private static List<ScoredChunk> sorted(Map<String, Chunk> chunks, Map<String, Double> scores) {
        List<ScoredChunk> out = new ArrayList<>(chunks.size());
        for (Map.Entry<String, Chunk> e : chunks.entrySet()) {
            out.add(new ScoredChunk(e.getValue(), scores.get(e.getKey())));
        }
        out.sort(Comparator.comparingDouble(ScoredChunk::score).reversed());
        return out;
    }
}
