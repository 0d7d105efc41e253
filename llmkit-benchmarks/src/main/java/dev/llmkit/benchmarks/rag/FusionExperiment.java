package dev.llmkit.benchmarks.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.rag.Bm25Retriever;
import dev.llmkit.rag.DenseRetriever;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.rag.eval.BeirDataset;
import dev.llmkit.rag.eval.RetrievalEvaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Explores fusion variants on cached candidate lists (dense bge, dense MiniLM, BM25, top 100 each) and prints nDCG@10
 * on the first 10 queries (tuning) and the other 33 (held out).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.llmkit.benchmarks.rag.FusionExperiment <beir-dir> [cache-dir]}
 */
public final class FusionExperiment {
    private FusionExperiment() {}

    record Lists(List<ScoredChunk> bge, List<ScoredChunk> mini, List<ScoredChunk> bm25) {
    }

    public static void main(String[] args) {
        BeirDataset data = BeirDataset.load(Path.of(args[0]));
        Path cacheDir = Path.of(args.length > 1 ? args[1] : "llmkit-benchmarks/target/rag-cache");
        Map<String, List<ScoredChunk>> bge = lists(data, LocalEmbeddings.bgeSmallEnV15(), cacheDir, true);
        Map<String, List<ScoredChunk>> mini = lists(data, LocalEmbeddings.allMiniLmL6V2(), cacheDir, false);
        Map<String, List<ScoredChunk>> bm25 = bm25Lists(data);
        List<String> all = new ArrayList<>(data.queries().keySet());
        List<String> tune = all.subList(0, 10);
        List<String> held = all.subList(10, all.size());
        Map<String, BiFunction<String, Lists, List<String>>> variants = new java.util.LinkedHashMap<>();
        variants.put("bge", (q, l) -> ids(l.bge));
        variants.put("minilm", (q, l) -> ids(l.mini));
        variants.put("bm25", (q, l) -> ids(l.bm25));
        for (double a : new double[] {0.02, 0.05, 0.1, 0.15, 0.2, 0.3}) {
            variants.put("bge + " + a + "*bm25/max", (q, l) -> rank(Map.of(l.bge, 1.0, l.bm25, a), FusionExperiment::raw, FusionExperiment::maxNorm));
        }
        for (double a : new double[] {0.1, 0.2, 0.3}) {
            variants.put("z(bge) + " + a + "*z(bm25)", (q, l) -> rank(Map.of(l.bge, 1.0, l.bm25, a), FusionExperiment::z, FusionExperiment::z));
        }
        for (double m : new double[] {0.3, 0.5, 0.7, 1.0}) {
            variants.put("bge + " + m + "*minilm", (q, l) -> rank(Map.of(l.bge, 1.0, l.mini, m), FusionExperiment::raw, FusionExperiment::raw));
            for (double a : new double[] {0.05, 0.1, 0.2}) {
                variants.put("bge + " + m + "*minilm + " + a + "*bm25/max", (q, l) -> rank3(l, m, a));
            }
        }
        System.out.println("| variant | nDCG@10 all | tune | held-out |");
        System.out.println("|---|---|---|---|");
        for (var v : variants.entrySet()) {
            double[] s = new double[3];
            int i = 0;
            for (List<String> set : List.of(all, tune, held)) {
                double sum = 0;
                for (String q : set) {
                    sum += RetrievalEvaluator.ndcgAt(v.getValue().apply(q, new Lists(bge.get(q), mini.get(q), bm25.get(q))),
                            data.qrels().get(q), 10);
                }
                s[i++] = sum / set.size();
            }
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", v.getKey(), s[0], s[1], s[2]);
        }
    }

    private static List<String> rank3(Lists l, double m, double a) {
        Map<String, Double> score = new HashMap<>();
        add(score, l.bge, 1.0, raw(l.bge));
        add(score, l.mini, m, raw(l.mini));
        add(score, l.bm25, a, maxNorm(l.bm25));
        return sortIds(score);
    }

    private interface Norm extends java.util.function.Function<List<ScoredChunk>, double[]> {
    }

    private static List<String> rank(Map<List<ScoredChunk>, Double> weights, Norm first, Norm second) {
        Map<String, Double> score = new HashMap<>();
        int i = 0;
        for (var e : weights.entrySet()) {
            add(score, e.getKey(), e.getValue(), (e.getValue() == 1.0 ? first : second).apply(e.getKey()));
            i++;
        }
        return sortIds(score);
    }

    private static void add(Map<String, Double> score, List<ScoredChunk> list, double w, double[] norm) {
        for (int i = 0; i < list.size(); i++) {
            score.merge(list.get(i).chunk().documentId(), w * norm[i], Double::sum);
        }
    }

    private static List<String> sortIds(Map<String, Double> score) {
        List<Map.Entry<String, Double>> es = new ArrayList<>(score.entrySet());
        es.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return es.stream().map(Map.Entry::getKey).toList();
    }

    static double[] raw(List<ScoredChunk> l) {
        return l.stream().mapToDouble(ScoredChunk::score).toArray();
    }

    static double[] maxNorm(List<ScoredChunk> l) {
        double max = l.stream().mapToDouble(ScoredChunk::score).max().orElse(1);
        return l.stream().mapToDouble(s -> s.score() / max).toArray();
    }

    static double[] z(List<ScoredChunk> l) {
        double mean = l.stream().mapToDouble(ScoredChunk::score).average().orElse(0);
        double sd = Math.sqrt(l.stream().mapToDouble(s -> (s.score() - mean) * (s.score() - mean)).average().orElse(1));
        return l.stream().mapToDouble(s -> sd == 0 ? 0 : (s.score() - mean) / sd).toArray();
    }

    private static List<String> ids(List<ScoredChunk> l) {
        return RetrievalEvaluator.documentRanking(l);
    }

    private static Map<String, List<ScoredChunk>> lists(BeirDataset data, EmbeddingModel model, Path cacheDir, boolean keep) {
        Map<String, List<ScoredChunk>> out = new HashMap<>();
        try (LuceneIndex index = LuceneIndex.inMemory(model.info().model(), model.dimension());
                EmbeddingCache cache = EmbeddingCache.open(cacheDir.resolve(model.info().model() + ".bin"))) {
            Ingestor.builder(index, model).cache(cache).build().ingest(data.corpus());
            DenseRetriever dense = new DenseRetriever(index, model);
            for (var q : data.queries().entrySet()) {
                out.put(q.getKey(), dense.retrieve(Query.of(q.getValue(), 100)));
            }
        }
        return out;
    }

    private static Map<String, List<ScoredChunk>> bm25Lists(BeirDataset data) {
        Map<String, List<ScoredChunk>> out = new HashMap<>();
        EmbeddingModel fake = new dev.llmkit.testing.FakeEmbeddingModel(8);
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 8)) {
            Ingestor.builder(index, fake).build().ingest(data.corpus());
            Bm25Retriever bm25 = new Bm25Retriever(index);
            for (var q : data.queries().entrySet()) {
                out.put(q.getKey(), bm25.retrieve(Query.of(q.getValue(), 100)));
            }
        }
        return out;
    }
}
