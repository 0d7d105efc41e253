package dev.llmkit.benchmarks.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.rag.Chunker;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.rag.eval.BeirDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Embedding throughput of the in-process models: LangChain4j's per-text path (the path llmkit used before) against
 * llmkit's ({@link LocalEmbeddings}: one tokenization and one single-threaded ONNX run per text, runs side by side on
 * every core), for bge-small-en-v1.5 and all-MiniLM-L6-v2 (both quantized), in one JVM. Three tables: embedding alone
 * (texts in calls of {@link Ingestor#DEFAULT_BATCH_SIZE} from one thread, as the ingestor sends them on 2 cores) with
 * passages/s per model and path, the ratio and how close the two paths' vectors are (cosine, min and mean); the median
 * latency of one short text; and ingestion end to end ({@link Ingestor} with its defaults into an in-memory
 * {@link LuceneIndex}) in chunks/s, plus what the ingestor would reach if it batched chunks across documents.
 *
 * <p>Usage (after {@code mvn -pl llmkit-benchmarks -am package -DskipTests}):
 * <pre>
 * java -cp llmkit-benchmarks/target/benchmarks.jar dev.llmkit.benchmarks.embed.EmbedThroughputBench \
 *     [passages=1000] [rounds=3] [beir-dir=../shared/data/beir/msmarco]
 * </pre>
 * With no BEIR folder at {@code beir-dir} (or {@code beir-dir} = {@code synthetic}) it embeds synthetic passages
 * generated from a fixed seed: 20-120 words of English sentences, about the length of MS MARCO passages.
 */
public final class EmbedThroughputBench {
    private static final int CALL_SIZE = Ingestor.DEFAULT_BATCH_SIZE;
    private static final int QUERIES = 100;

    private EmbedThroughputBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args passage count, rounds, BEIR folder or {@code synthetic}
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String source = args.length > 2 ? args[2] : "../shared/data/beir/msmarco";
        List<String> texts = passages(source, n);
        double avgChars = texts.stream().mapToInt(String::length).average().orElse(0);
        System.out.printf(Locale.ROOT, "%d passages (%s, %.0f chars on average), calls of %d, %d cores, %d rounds%n",
                texts.size(), describe(source), avgChars, CALL_SIZE, Runtime.getRuntime().availableProcessors(), rounds);

        List<Pair> pairs = List.of(
                new Pair("bge-small-en-v1.5-q", perText(new BgeSmallEnV15QuantizedEmbeddingModel()),
                        LocalEmbeddings.bgeSmallEnV15()),
                new Pair("all-minilm-l6-v2-q", perText(new AllMiniLmL6V2QuantizedEmbeddingModel()),
                        LocalEmbeddings.allMiniLmL6V2()));
        List<String> warmUp = texts.subList(0, Math.min(texts.size(), CALL_SIZE));
        for (Pair p : pairs) {
            embed(p.perText, warmUp);
            embed(p.llmkit::embedAll, warmUp);
        }

        System.out.println();
        System.out.println("Embedding only (embedAll in calls of " + CALL_SIZE + "):");
        System.out.println("| round | model | LangChain4j per-text (passages/s) | llmkit (passages/s) | ratio |"
                + " cosine min | cosine mean |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int round = 1; round <= rounds; round++) {
            for (Pair p : pairs) {
                long t0 = System.nanoTime();
                List<float[]> old = embed(p.perText, texts);
                long t1 = System.nanoTime();
                List<float[]> batched = embed(p.llmkit::embedAll, texts);
                long t2 = System.nanoTime();
                double oldRate = texts.size() / ((t1 - t0) / 1e9);
                double newRate = texts.size() / ((t2 - t1) / 1e9);
                double min = 1;
                double sum = 0;
                for (int i = 0; i < texts.size(); i++) {
                    double c = cosine(old.get(i), batched.get(i));
                    min = Math.min(min, c);
                    sum += c;
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2f | %.4f | %.4f |%n", round, p.name,
                        oldRate, newRate, newRate / oldRate, min, sum / texts.size());
            }
        }

        System.out.println();
        System.out.println("One short text at a time (a query: the first 80 characters of a passage, " + QUERIES + " queries after " + QUERIES + " warm-up):");
        System.out.println("| model | LangChain4j per-text p50 ms | llmkit p50 ms |");
        System.out.println("|---|---|---|");
        List<String> queries = texts.subList(0, Math.min(texts.size(), QUERIES));
        for (Pair p : pairs) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", p.name,
                    p50Millis(q -> p.perText.apply(List.of(q)), queries),
                    p50Millis(q -> p.llmkit.embedAll(List.of(q)), queries));
        }

        System.out.println();
        System.out.println("Ingest end to end (Ingestor defaults: chunking, embedding, in-memory Lucene BM25 + HNSW):");
        System.out.println("| round | model | LangChain4j per-text (chunks/s) | llmkit (chunks/s) | ratio |"
                + " llmkit, calls of " + CALL_SIZE + " across documents (chunks/s) | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<Document> documents = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            documents.add(Document.of("p" + i, texts.get(i)));
        }
        for (int round = 1; round <= rounds; round++) {
            for (Pair p : pairs) {
                double oldRate = ingest(new AsLlmkit(p.name, p.perText), documents);
                double newRate = ingest(p.llmkit, documents);
                double acrossRate = ingestBatchedAcrossDocuments(p.llmkit, documents);
                System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2f | %.1f | %.2f |%n", round, p.name,
                        oldRate, newRate, newRate / oldRate, acrossRate, acrossRate / oldRate);
            }
        }
    }

    private static double p50Millis(Consumer<String> embed, List<String> queries) {
        for (String q : queries) {
            embed.accept(q);
        }
        long[] nanos = new long[queries.size()];
        for (int i = 0; i < nanos.length; i++) {
            String q = queries.get(i).length() > 80 ? queries.get(i).substring(0, 80) : queries.get(i);
            long t0 = System.nanoTime();
            embed.accept(q);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    private static double ingest(EmbeddingModel model, List<Document> documents) {
        try (LuceneIndex index = LuceneIndex.inMemory(model.info().model(), model.dimension())) {
            IngestReport report = Ingestor.builder(index, model).build().ingest(documents);
            return report.chunksPerSecond();
        }
    }

    /**
     * What the ingestor would reach if it batched chunks across documents (it embeds each document's chunks in their
     * own call, one call per MS MARCO passage): the chunks of all documents embedded in calls of {@link #CALL_SIZE}
     * into the embedding cache, then the same ingest served from that cache; the time of both together.
     */
    private static double ingestBatchedAcrossDocuments(EmbeddingModel model, List<Document> documents) {
        long start = System.nanoTime();
        EmbeddingCache cache = EmbeddingCache.inMemory();
        List<String> chunkTexts = new ArrayList<>();
        Chunker chunker = Chunker.defaults();
        for (Document d : documents) {
            for (Chunk c : chunker.chunk(d)) {
                chunkTexts.add(c.text());
            }
        }
        List<float[]> vectors = embed(model::embedAll, chunkTexts);
        String name = model.info().model();
        for (int i = 0; i < chunkTexts.size(); i++) {
            cache.put(EmbeddingCache.key(name, chunkTexts.get(i)), vectors.get(i));
        }
        try (LuceneIndex index = LuceneIndex.inMemory(name, model.dimension())) {
            IngestReport report = Ingestor.builder(index, model).cache(cache).build().ingest(documents);
            if (report.chunksFromCache() != chunkTexts.size()) {
                throw new IllegalStateException("expected every chunk from the cache, got " + report);
            }
            return report.chunksIndexed() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** LangChain4j's per-text path behind llmkit's interface, as llmkit's adapter was before batching. */
    private record AsLlmkit(String name, Function<List<String>, List<float[]>> perText) implements EmbeddingModel {
        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.isEmpty() ? List.of() : perText.apply(texts);
        }

        @Override
        public int dimension() {
            return 384;
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.of("langchain4j", name);
        }
    }

    private record Pair(String name, Function<List<String>, List<float[]>> perText, EmbeddingModel llmkit) {}

    /** LangChain4j's in-process model as the old llmkit adapter called it: one embedAll per call. */
    private static Function<List<String>, List<float[]>> perText(dev.langchain4j.model.embedding.EmbeddingModel m) {
        return texts -> {
            List<TextSegment> segments = new ArrayList<>(texts.size());
            for (String t : texts) {
                segments.add(TextSegment.from(t.isBlank() ? " " : t));
            }
            List<float[]> out = new ArrayList<>(texts.size());
            for (Embedding e : m.embedAll(segments).content()) {
                out.add(e.vector());
            }
            return out;
        };
    }

    private static List<float[]> embed(Function<List<String>, List<float[]>> model, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += CALL_SIZE) {
            out.addAll(model.apply(texts.subList(from, Math.min(texts.size(), from + CALL_SIZE))));
        }
        return out;
    }

    private static String describe(String source) {
        return isBeir(source) ? "BEIR corpus " + source : "synthetic, seed 42";
    }

    private static boolean isBeir(String source) {
        return !source.equals("synthetic") && Files.isRegularFile(Path.of(source, "corpus.jsonl"));
    }

    private static List<String> passages(String source, int n) {
        if (isBeir(source)) {
            List<String> out = new ArrayList<>();
            for (Document d : BeirDataset.load(Path.of(source)).corpus()) {
                if (out.size() == n) {
                    break;
                }
                out.add(d.text());
            }
            return out;
        }
        return SyntheticPassages.generate(n, 42);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
