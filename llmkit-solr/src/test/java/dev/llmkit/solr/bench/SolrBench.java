package dev.llmkit.solr.bench;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.rag.eval.BeirDataset;
import dev.llmkit.rag.eval.RetrievalEvaluator;
import dev.llmkit.rag.eval.RetrievalMetrics;
import dev.llmkit.solr.SolrCollections;
import dev.llmkit.solr.SolrIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * SolrCloud next to the local Lucene index, in one JVM: the MS MARCO sample's retrieval quality with the default
 * hybrid retriever on both, and ingest throughput and hybrid query latency at a given number of synthetic chunks.
 * SolrCloud is two in-process nodes (embedded ZooKeeper, loopback HTTP) with a collection of 2 shards; the local
 * index is an on-disk folder. On demand, not in CI.
 *
 * <p>Usage (from the repository root, after {@code mvn -pl llmkit-solr -am test-compile}):
 * {@code java -Xmx6g -cp <test class path> dev.llmkit.solr.bench.SolrBench msmarco <beir-dir>} or
 * {@code ... SolrBench scale 100000}; {@code docs/benchmarks.md} gives the whole command.
 */
public final class SolrBench {
    private static final int DIM = 384;
    private static final int QUERIES = 300;
    private static final int WARMUP = 50;

    private SolrBench() {}

    public static void main(String[] args) throws Exception {
        Path base = Files.createTempDirectory("llmkit-solrbench");
        MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(2, base).withMetrics(false).build();
        List<String> urls = cluster.getJettySolrRunners().stream().map(j -> j.getBaseUrl().toString()).toList();
        try (CloudHttp2SolrClient client = new CloudHttp2SolrClient.Builder(urls).build()) {
            if (args[0].equals("msmarco")) {
                msmarco(client, Path.of(args.length > 1 ? args[1] : "../shared/data/beir/msmarco"), base);
            } else {
                scale(client, Integer.parseInt(args.length > 1 ? args[1] : "100000"), base);
            }
        } finally {
            cluster.shutdown();
        }
        System.exit(0);
    }

    private static void msmarco(CloudHttp2SolrClient client, Path beir, Path base) {
        EmbeddingModel model = LocalEmbeddings.bgeSmallEnV15();
        BeirDataset data = BeirDataset.load(beir);
        System.out.printf(Locale.ROOT, "MS MARCO sample: %d passages, %d judged queries, %s%n", data.corpus().size(),
                data.queries().size(), model.info().model());
        SolrCollections.on(client).create("msmarco", model.dimension(), SolrCollections.Layout.of(2, 1));
        try (EmbeddingCache cache = EmbeddingCache.open(base.resolve("embeddings.bin"));
                LuceneIndex local = LuceneIndex.open(base.resolve("local"), model.info().model(), model.dimension());
                SolrIndex solr = SolrIndex.on(client, "msmarco", model.dimension())) {
            IngestReport l = Ingestor.builder(local, model).cache(cache).build().ingest(data.corpus());
            IngestReport s = Ingestor.builder(solr, model).cache(cache).build().ingest(data.corpus());
            solr.flush();
            System.out.printf(Locale.ROOT, "ingest (embeddings cached for the second): local %d chunks, solr %d%n",
                    l.chunksIndexed(), s.chunksIndexed());
            System.out.println("| index | nDCG@10 | recall@10 | recall@100 | MRR@10 |");
            System.out.println("|---|---|---|---|---|");
            RetrievalMetrics ml = row("local Lucene", HybridRetriever.defaults(local, model), data);
            RetrievalMetrics ms = row("SolrCloud (2 shards)", HybridRetriever.defaults(solr, model), data);
            System.out.printf(Locale.ROOT, "nDCG@10 difference: %.4f%n", Math.abs(ml.ndcgAt10() - ms.ndcgAt10()));
        }
    }

    private static RetrievalMetrics row(String name, Retriever r, BeirDataset data) {
        RetrievalMetrics m = RetrievalEvaluator.evaluate(r, data);
        System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n", name, m.ndcgAt10(), m.recallAt10(),
                m.recallAt100(), m.mrrAt10());
        return m;
    }

    private static void scale(CloudHttp2SolrClient client, int n, Path base) {
        Random random = new Random(42);
        float[][] centres = new float[1000][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = unit(gaussian(random));
        }
        String[] words = vocabulary(random, 5000);
        List<EmbeddedChunk> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chunks.add(new EmbeddedChunk(new Chunk("c" + i, "d" + (i / 4), text(random, words, 40 + random.nextInt(80)),
                    "d" + (i / 4) + ".md", i % 4, Map.of("tenant", "t" + (i % 10))),
                    noisy(centres[random.nextInt(centres.length)], random)));
        }
        Map<String, float[]> queryVectors = new HashMap<>();
        List<String> queries = new ArrayList<>();
        for (int q = 0; q < QUERIES + WARMUP; q++) {
            String text = text(random, words, 6) + " #" + q;
            queries.add(text);
            queryVectors.put(text, noisy(centres[random.nextInt(centres.length)], random));
        }
        EmbeddingModel lookup = new LookupEmbeddings(queryVectors);
        SolrCollections.on(client).create("scale", DIM, SolrCollections.Layout.of(2, 1));
        System.out.printf(Locale.ROOT, "%,d synthetic chunks (384-d vectors around 1,000 centres, 40-120 words "
                + "each); %d hybrid queries after %d warm-up, top 10, default retriever%n", n, QUERIES, WARMUP);
        System.out.println("| index | ingest chunks/s | hybrid p50 ms | hybrid p99 ms |");
        System.out.println("|---|---|---|---|");
        try (LuceneIndex local = LuceneIndex.open(base.resolve("scale-local"), "synthetic", DIM)) {
            measure("local Lucene (on disk)", local, local::commit, chunks, lookup, queries);
        }
        try (SolrIndex solr = SolrIndex.on(client, "scale", DIM)) {
            measure("SolrCloud (2 nodes, 2 shards)", solr, solr::flush, chunks, lookup, queries);
        }
    }

    private static <S extends VectorStore & KeywordIndex> void measure(String name, S store, Runnable commit,
            List<EmbeddedChunk> chunks, EmbeddingModel lookup, List<String> queries) {
        long t0 = System.nanoTime();
        for (int from = 0; from < chunks.size(); from += 1000) {
            store.upsert(chunks.subList(from, Math.min(chunks.size(), from + 1000)));
        }
        commit.run();
        double ingest = chunks.size() / ((System.nanoTime() - t0) / 1e9);
        Retriever hybrid = HybridRetriever.defaults(store, lookup);
        List<Double> ms = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            long a = System.nanoTime();
            hybrid.retrieve(Query.of(queries.get(q), 10));
            if (q >= WARMUP) {
                ms.add((System.nanoTime() - a) / 1e6);
            }
        }
        ms.sort(null);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f |%n", name, ingest, ms.get(ms.size() / 2),
                ms.get((int) Math.ceil(ms.size() * 0.99) - 1));
    }

    /** Query vectors made in advance: the benchmark measures the index, not an embedding model. */
    private record LookupEmbeddings(Map<String, float[]> vectors) implements EmbeddingModel {
        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            texts.forEach(t -> out.add(vectors.get(t)));
            return out;
        }

        @Override
        public int dimension() {
            return DIM;
        }
    }

    private static String[] vocabulary(Random r, int size) {
        String[] out = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder b = new StringBuilder();
            int len = 3 + r.nextInt(7);
            for (int c = 0; c < len; c++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            out[i] = b.toString();
        }
        return out;
    }

    private static String text(Random r, String[] words, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // Zipf-like: low word ranks are much more frequent, as in real text
            int rank = (int) Math.min(words.length - 1, Math.floor(Math.pow(words.length, r.nextDouble())) - 1);
            b.append(i == 0 ? "" : " ").append(words[rank]);
        }
        return b.toString();
    }

    private static float[] gaussian(Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    private static float[] noisy(float[] centre, Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = centre[i] + (float) r.nextGaussian() * 0.05f;
        }
        return unit(v);
    }
}
