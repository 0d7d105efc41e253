package dev.llmkit.benchmarks.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.rag.Bm25Retriever;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.Fusion;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.rag.eval.BeirDataset;
import dev.llmkit.rag.eval.RetrievalEvaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dense pseudo-relevance feedback (Rocchio on the query vector): q' = q + beta * mean(top-k passage vectors), searched
 * again, alone and fused with BM25. Prints nDCG@10 on all queries, the first 10 and the other 33.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.llmkit.benchmarks.rag.PrfExperiment <beir-dir> [cache-dir]}
 */
public final class PrfExperiment {
    private PrfExperiment() {}

    public static void main(String[] args) {
        BeirDataset data = BeirDataset.load(Path.of(args[0]));
        Path cacheDir = Path.of(args.length > 1 ? args[1] : "llmkit-benchmarks/target/rag-cache");
        EmbeddingModel model = LocalEmbeddings.bgeSmallEnV15();
        List<String> all = new ArrayList<>(data.queries().keySet());
        try (LuceneIndex index = LuceneIndex.inMemory(model.info().model(), model.dimension());
                EmbeddingCache cache = EmbeddingCache.open(cacheDir.resolve(model.info().model() + ".bin"))) {
            Ingestor.builder(index, model).cache(cache).build().ingest(data.corpus());
            Bm25Retriever bm25 = new Bm25Retriever(index);
            java.util.Map<String, float[]> queryVectors = new java.util.HashMap<>();
            for (String id : all) {
                queryVectors.put(id, model.embedQuery(data.queries().get(id)));
            }
            System.out.println("| variant | all | tune 10 | held-out 33 |");
            System.out.println("|---|---|---|---|");
            for (int k : new int[] {10, 15}) {
                for (double beta : new double[] {0.0, 0.5, 0.8}) {
                    for (double w : new double[] {0.0, 0.05, 0.1, 0.2}) {
                        if (beta == 0.0 && k != 10) {
                            continue;
                        }
                        double[] sums = new double[3];
                        for (int qi = 0; qi < all.size(); qi++) {
                            String id = all.get(qi);
                            float[] q = queryVectors.get(id);
                            List<ScoredChunk> first = index.search(q, k, MetadataFilter.ALL);
                            float[] q2 = q.clone();
                            for (ScoredChunk s : first) {
                                float[] v = cache.get(EmbeddingCache.key(model, s.chunk().text()));
                                for (int d = 0; d < q2.length; d++) {
                                    q2[d] += (float) (beta * v[d] / first.size());
                                }
                            }
                            List<ScoredChunk> dense = index.search(q2, 100, MetadataFilter.ALL);
                            List<ScoredChunk> ranked = w == 0 ? dense : Fusion.zScore(List.of(dense,
                                    bm25.retrieve(Query.of(data.queries().get(id), 100))), List.of(1.0, w));
                            double ndcg = RetrievalEvaluator.ndcgAt(RetrievalEvaluator.documentRanking(ranked),
                                    data.qrels().get(id), 10);
                            sums[0] += ndcg;
                            sums[qi < 10 ? 1 : 2] += ndcg;
                        }
                        System.out.printf(Locale.ROOT, "| k=%d beta=%.1f bm25=%.1f | %.3f | %.3f | %.3f |%n", k, beta, w,
                                sums[0] / all.size(), sums[1] / 10, sums[2] / (all.size() - 10));
                    }
                }
            }
        }
    }
}
