package dev.llmkit.examples.cli;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.rag.Bm25Retriever;
import dev.llmkit.rag.DenseRetriever;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.rag.eval.BeirDataset;
import dev.llmkit.rag.eval.RetrievalEvaluator;
import dev.llmkit.rag.eval.RetrievalMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code llmkit eval <beir-dir>}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Index a BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) in memory and print nDCG@10,"
                + " recall@10, recall@100 and MRR@10 for BM25, dense and hybrid retrieval.")
final class EvalCommand extends BaseCommand {
    @Parameters(paramLabel = "BEIR_DIR", description = "The BEIR folder")
    Path dir;

    @Override
    public Integer call() {
        requireFolder(dir, "BEIR folder");
        BeirDataset data;
        try {
            data = BeirDataset.load(dir);
        } catch (IllegalArgumentException e) {
            throw new CliException(2, e.getMessage());
        }
        EmbeddingModel embeddings = ctx.embeddings();
        ctx.err().printf("Evaluating %d passages, %d judged queries with %s%n", data.corpus().size(),
                data.queries().size(), embeddings.info().model());
        Path cacheFile = indexFolder().getParent().resolve("cache").resolve("eval-" + embeddings.info().model() + ".bin");
        try (LuceneIndex idx = LuceneIndex.inMemory(embeddings.info().model(), embeddings.dimension());
                EmbeddingCache cache = openCache(cacheFile)) {
            Ingestor.builder(idx, embeddings).cache(cache).progress(new ProgressBar(ctx.err())).build().ingest(data.corpus());
            DenseRetriever dense = new DenseRetriever(idx, embeddings);
            Bm25Retriever bm25 = new Bm25Retriever(idx);
            Map<String, Retriever> retrievers = new LinkedHashMap<>();
            retrievers.put("bm25", bm25);
            retrievers.put("dense", dense);
            retrievers.put("hybrid (default)", HybridRetriever.builder(dense, bm25).build());
            retrievers.put("hybrid (rrf k=60)", HybridRetriever.builder(dense, bm25).rrf(60).build());
            ctx.out().printf("%-20s %8s %10s %11s %7s%n", "retriever", "nDCG@10", "recall@10", "recall@100", "MRR@10");
            for (Map.Entry<String, Retriever> e : retrievers.entrySet()) {
                RetrievalMetrics m = RetrievalEvaluator.evaluate(e.getValue(), data);
                ctx.out().printf(Locale.ROOT, "%-20s %8.3f %10.3f %11.3f %7.3f%n", e.getKey(), m.ndcgAt10(),
                        m.recallAt10(), m.recallAt100(), m.mrrAt10());
            }
        }
        return 0;
    }

    /** The shared evaluation cache, or an in-memory one while another {@code eval} holds it. */
    private EmbeddingCache openCache(Path cacheFile) {
        try {
            return EmbeddingCache.open(cacheFile);
        } catch (dev.llmkit.rag.EmbeddingCacheInUseException busy) {
            ctx.err().println("Another llmkit eval is using the embedding cache " + cacheFile + "; this run embeds"
                    + " without it.");
            return EmbeddingCache.inMemory();
        }
    }
}
