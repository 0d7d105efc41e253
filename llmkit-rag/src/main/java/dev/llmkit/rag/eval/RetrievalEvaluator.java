package dev.llmkit.rag.eval;

import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Measures a {@link Retriever} on judged queries with trec_eval conventions: graded linear gains, a log2 discount,
 * the ideal DCG from all judged-relevant documents of the query, and relevance meaning a grade above 0. Retrieved
 * chunks collapse to their document at its best rank.
 *
 * <pre>{@code
 * BeirDataset data = BeirDataset.load(Path.of("beir/msmarco"));
 * RetrievalMetrics m = RetrievalEvaluator.evaluate(retriever, data);
 * }</pre>
 */
public final class RetrievalEvaluator {
    private RetrievalEvaluator() {}

    /** Evaluates on every judged query of the dataset. */
    public static RetrievalMetrics evaluate(Retriever retriever, BeirDataset data) {
        return evaluate(retriever, data, data.queries().keySet());
    }

    /** Evaluates on the given query ids. */
    public static RetrievalMetrics evaluate(Retriever retriever, BeirDataset data, Collection<String> queryIds) {
        double ndcg = 0;
        double r10 = 0;
        double r100 = 0;
        double mrr = 0;
        int n = 0;
        for (String qid : queryIds) {
            String text = Objects.requireNonNull(data.queries().get(qid), () -> "unknown query id " + qid);
            Map<String, Integer> judged = data.qrels().getOrDefault(qid, Map.of());
            List<String> ranking = documentRanking(retriever.retrieve(Query.of(text, 100)));
            ndcg += ndcgAt(ranking, judged, 10);
            r10 += recallAt(ranking, judged, 10);
            r100 += recallAt(ranking, judged, 100);
            mrr += mrrAt(ranking, judged, 10);
            n++;
        }
        if (n == 0) {
            return new RetrievalMetrics(0, 0, 0, 0, 0);
        }
        return new RetrievalMetrics(ndcg / n, r10 / n, r100 / n, mrr / n, n);
    }

    /** Document ids in rank order, each at its best chunk's rank. */
    public static List<String> documentRanking(List<ScoredChunk> hits) {
        LinkedHashSet<String> docs = new LinkedHashSet<>();
        for (ScoredChunk h : hits) {
            docs.add(h.chunk().documentId());
        }
        return new ArrayList<>(docs);
    }

    /** nDCG at k for one ranking. */
    public static double ndcgAt(List<String> ranking, Map<String, Integer> judged, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            int g = Math.max(0, judged.getOrDefault(ranking.get(i), 0));
            dcg += g / log2(i + 2);
        }
        List<Integer> ideal = judged.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Recall at k for one ranking. */
    public static double recallAt(List<String> ranking, Map<String, Integer> judged, int k) {
        long relevant = judged.values().stream().filter(g -> g > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranking.stream().limit(k).filter(d -> judged.getOrDefault(d, 0) > 0).count();
        return (double) found / relevant;
    }

    /** Reciprocal rank of the first relevant document within k, else 0. */
    public static double mrrAt(List<String> ranking, Map<String, Integer> judged, int k) {
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (judged.getOrDefault(ranking.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
