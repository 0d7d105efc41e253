package dev.llmkit.benchmarks.rag;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.rag.Bm25Retriever;
import dev.llmkit.rag.DenseRetriever;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.rag.eval.BeirDataset;
import dev.llmkit.rag.eval.RetrievalEvaluator;
import dev.llmkit.rag.eval.RetrievalMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval quality and latency on a BEIR folder: BM25, dense, RRF and weighted hybrid over one Lucene index, and
 * LangChain4j's InMemoryEmbeddingStore (dense, exact) side by side.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.llmkit.benchmarks.rag.RagBench <beir-dir> [bge|minilm] [cache-dir]}
 */
public final class RagBench {
    private RagBench() {}

    public static void main(String[] args) {
        Path beir = Path.of(args.length > 0 ? args[0] : "../shared/data/beir/msmarco");
        String modelName = args.length > 1 ? args[1] : "bge";
        Path cacheDir = Path.of(args.length > 2 ? args[2] : "llmkit-benchmarks/target/rag-cache");
        EmbeddingModel model = modelName.equals("minilm") ? LocalEmbeddings.allMiniLmL6V2() : LocalEmbeddings.bgeSmallEnV15();
        BeirDataset data = BeirDataset.load(beir);
        System.out.printf(Locale.ROOT, "dataset %s: %d passages, %d judged queries, model %s%n", beir,
                data.corpus().size(), data.queries().size(), model.info().model());

        try (LuceneIndex index = LuceneIndex.inMemory(model.info().model(), model.dimension());
                EmbeddingCache cache = EmbeddingCache.open(cacheDir.resolve(model.info().model() + ".bin"))) {
            int cachedBefore = cache.size();
            IngestReport report = Ingestor.builder(index, model).cache(cache).build().ingest(data.corpus());
            System.out.printf(Locale.ROOT, "ingest: %d chunks in %.1f s = %.1f chunks/s (%d embeddings cached before)%n",
                    report.chunksIndexed(), report.elapsed().toMillis() / 1000.0, report.chunksPerSecond(), cachedBefore);

            DenseRetriever dense = new DenseRetriever(index, model);
            Bm25Retriever bm25 = new Bm25Retriever(index);
            Map<String, Retriever> retrievers = new LinkedHashMap<>();
            retrievers.put("bm25", bm25);
            retrievers.put("dense (Lucene HNSW)", dense);
            retrievers.put("hybrid RRF k=60", HybridRetriever.builder(dense, bm25).rrf(60).build());
            for (double w : new double[] {0.7, 0.8}) {
                retrievers.put("hybrid weighted dense=" + w, HybridRetriever.builder(dense, bm25).weighted(w).build());
            }
            retrievers.put("hybrid z-score bm25=0.3", HybridRetriever.builder(dense, bm25).zScore(0.3).build());
            retrievers.put("hybrid z-score bm25=0.2", HybridRetriever.builder(dense, bm25).zScore(0.2).build());
            retrievers.put("dense + feedback (k=15, beta=0.5)", dense.withFeedback(15, 0.5));
            retrievers.put("default: HybridRetriever.defaults (dense+feedback, z-score bm25=0.1)",
                    HybridRetriever.defaults(index, model));
            // the same retriever composed by hand: fuses chunk lists, loading stored fields for every candidate
            retrievers.put("default composed by hand (fields loaded for all candidates)", HybridRetriever.builder(
                    new DenseRetriever(index, model).withFeedback(HybridRetriever.DEFAULT_FEEDBACK_K,
                            HybridRetriever.DEFAULT_FEEDBACK_BETA), bm25).build());
            retrievers.put("LangChain4j InMemoryEmbeddingStore (dense)", langChain4jDense(index, data, model, cache));

            List<String> all = new ArrayList<>(data.queries().keySet());
            List<String> tune = all.subList(0, Math.min(10, all.size()));
            List<String> held = all.subList(Math.min(10, all.size()), all.size());
            System.out.printf(Locale.ROOT, "%n| retriever | nDCG@10 (all %d) | recall@10 | recall@100 | MRR@10 | nDCG@10 tune (first %d) | nDCG@10 held-out (%d) | p50 ms | p99 ms |%n",
                    all.size(), tune.size(), held.size());
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, Retriever> e : retrievers.entrySet()) {
                Retriever r = e.getValue();
                RetrievalEvaluator.evaluate(r, data, tune); // warm-up
                RetrievalMetrics m = RetrievalEvaluator.evaluate(r, data, all);
                RetrievalMetrics t = RetrievalEvaluator.evaluate(r, data, tune);
                RetrievalMetrics h = RetrievalEvaluator.evaluate(r, data, held);
                double[] lat = latencies(r, data, all);
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |%n", e.getKey(),
                        m.ndcgAt10(), m.recallAt10(), m.recallAt100(), m.mrrAt10(), t.ndcgAt10(), h.ndcgAt10(),
                        lat[0], lat[1]);
            }
        }
    }

    /** Latency p50 / p99 in ms of top-10 retrieval over the queries, repeated 5 times. */
    private static double[] latencies(Retriever r, BeirDataset data, List<String> ids) {
        List<Double> ms = new ArrayList<>();
        for (int rep = 0; rep < 5; rep++) {
            for (String id : ids) {
                long t0 = System.nanoTime();
                r.retrieve(Query.of(data.queries().get(id), 10));
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        ms.sort(null);
        return new double[] {ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.ceil(ms.size() * 0.99) - 1))};
    }

    /** LangChain4j's in-memory store, filled with the same vectors (from the cache), queried exactly. */
    private static Retriever langChain4jDense(LuceneIndex index, BeirDataset data, EmbeddingModel model, EmbeddingCache cache) {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        Map<String, Chunk> byId = new LinkedHashMap<>();
        dev.llmkit.rag.Chunker chunker = dev.llmkit.rag.Chunker.defaults();
        List<Embedding> embeddings = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (var doc : data.corpus()) {
            for (Chunk c : chunker.chunk(doc)) {
                float[] v = cache.get(EmbeddingCache.key(model, c.text()));
                if (v == null) {
                    v = model.embed(c.text());
                }
                embeddings.add(Embedding.from(v));
                segments.add(TextSegment.from(c.text()));
                ids.add(c.id());
                byId.put(c.id(), c);
            }
        }
        store.addAll(ids, embeddings, segments);
        return query -> {
            EmbeddingSearchResult<TextSegment> result = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(model.embedQuery(query.text())))
                    .maxResults(query.topK()).build());
            List<ScoredChunk> out = new ArrayList<>();
            result.matches().forEach(m -> out.add(new ScoredChunk(byId.get(m.embeddingId()), m.score())));
            return out;
        };
    }
}
