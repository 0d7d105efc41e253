package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Reranker;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.internal.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link Reranker}: re-scores the top {@code n} candidates by the cosine similarity of the query's and
 * the chunk's embeddings (often a different, stronger model than the first stage), with an optional diversity penalty
 * (maximal marginal relevance, {@code lambda < 1}) so near-duplicate chunks do not crowd the context.
 *
 * <pre>{@code
 * Reranker mmr = new EmbeddingReranker(embeddings, 30, 0.7);
 * }</pre>
 */
public final class EmbeddingReranker implements Reranker {
    private final EmbeddingModel embeddings;
    private final int topN;
    private final double lambda;

    /** Re-scores the top {@code topN} candidates; {@code lambda} 1.0 is pure relevance, lower adds diversity (MMR). */
    public EmbeddingReranker(EmbeddingModel embeddings, int topN, double lambda) {
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be at least 1, got " + topN);
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        this.topN = topN;
        this.lambda = lambda;
    }

    @Override
    public List<ScoredChunk> rerank(Query query, List<ScoredChunk> candidates) {
        List<ScoredChunk> head = candidates.subList(0, Math.min(topN, candidates.size()));
        if (head.isEmpty()) {
            return List.of();
        }
        float[] q = embeddings.embedQuery(query.text());
        List<float[]> vs = embeddings.embedAll(head.stream().map(s -> s.chunk().text()).toList());
        double[] relevance = new double[head.size()];
        for (int i = 0; i < head.size(); i++) {
            relevance[i] = Vectors.cosine(q, vs.get(i));
        }
        List<ScoredChunk> out = new ArrayList<>();
        if (lambda >= 1.0) {
            for (int i = 0; i < head.size(); i++) {
                out.add(head.get(i).withScore(relevance[i]));
            }
            out.sort(Comparator.comparingDouble(ScoredChunk::score).reversed());
            return out;
        }
        boolean[] taken = new boolean[head.size()];
        List<Integer> chosen = new ArrayList<>();
        for (int round = 0; round < head.size(); round++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < head.size(); i++) {
                if (taken[i]) {
                    continue;
                }
                double redundancy = 0;
                for (int j : chosen) {
                    redundancy = Math.max(redundancy, Vectors.cosine(vs.get(i), vs.get(j)));
                }
                double mmr = lambda * relevance[i] - (1 - lambda) * redundancy;
                if (mmr > bestScore) {
                    bestScore = mmr;
                    best = i;
                }
            }
            taken[best] = true;
            chosen.add(best);
            // scores fall with the pick order so the list stays sorted best first
            out.add(head.get(best).withScore(head.size() - round));
        }
        return out;
    }
}
