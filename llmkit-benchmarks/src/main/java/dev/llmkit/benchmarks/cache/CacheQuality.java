package dev.llmkit.benchmarks.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.cache.HitVerifier;
import dev.llmkit.cache.LexicalVerifier;
import dev.llmkit.langchain4j.LocalEmbeddings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Precision and hit rate of the semantic cache's decision on the labelled pairs bundled with the benchmarks (true
 * paraphrases, and hard negatives that differ in a number, a negation, an entity, a date or a unit), by similarity
 * threshold, with and without {@link LexicalVerifier}. A pair is a hit when the cosine of the two questions'
 * embeddings reaches the threshold (and the verifier finds no difference); precision is the share of hits that are
 * true paraphrases, hit rate the share of true paraphrases that hit. The verifier's rules were revised while looking
 * at its mistakes on the development set ({@code cache/pairs.jsonl}), then measured on a second set written apart
 * ({@code cache/holdout.jsonl}, other domains), whose mistakes were then studied too, and likewise a third
 * ({@code cache/test.jsonl}); the test set ({@code cache/test2.jsonl}, other domains again, written apart) was only
 * measured with the final rules.
 *
 * <pre>
 * java -cp llmkit-benchmarks/target/benchmarks.jar dev.llmkit.benchmarks.cache.CacheQuality [bge|minilm]
 * </pre>
 */
public final class CacheQuality {
    private static final double[] THRESHOLDS = {0.80, 0.85, 0.88, 0.90, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98};

    private CacheQuality() {}

    record Pair(String id, String a, String b, boolean same, String kind, double cosine, boolean verified) {
    }

    public static void main(String[] args) throws IOException {
        String which = args.length > 0 ? args[0] : "bge";
        EmbeddingModel model = which.equals("minilm") ? LocalEmbeddings.allMiniLmL6V2()
                : LocalEmbeddings.bgeSmallEnV15();
        List<Pair> pairs = load(model, HitVerifier.lexical(), "/cache/pairs.jsonl");
        long same = pairs.stream().filter(Pair::same).count();
        System.out.printf(Locale.ROOT, "%d pairs (%d paraphrases, %d hard negatives), embeddings: %s%n",
                pairs.size(), same, pairs.size() - same, model.info().model());
        table("development set (the verifier was tuned on it)", pairs, p -> true);
        List<Pair> holdout = load(model, HitVerifier.lexical(), "/cache/holdout.jsonl");
        table("second development set (its errors were studied after its first measurement)", holdout, p -> true);
        List<Pair> test = load(model, HitVerifier.lexical(), "/cache/test.jsonl");
        table("third set (its errors were studied after its first measurement)", test, p -> true);
        List<Pair> last = load(model, HitVerifier.lexical(), "/cache/test2.jsonl");
        table("test set (written apart, measured only with the final verifier)", last, p -> true);
        misses(pairs);
        if (System.getProperty("cache.quality.holdout") != null) {
            misses(holdout);
        }
        if (System.getProperty("cache.quality.test") != null) {
            misses(last);
        }
    }

    static List<Pair> load(EmbeddingModel model, HitVerifier verifier, String resource) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = CacheQuality.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the benchmarks jar; rebuild it");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(json.readTree(line));
                }
            }
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode n : rows) {
            texts.add(n.get("a").asText());
            texts.add(n.get("b").asText());
        }
        List<float[]> vectors = model.embedAll(texts);
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode n = rows.get(i);
            String a = n.get("a").asText();
            String b = n.get("b").asText();
            out.add(new Pair(n.get("id").asText(), a, b, n.get("same").asBoolean(), n.get("kind").asText(),
                    cosine(vectors.get(2 * i), vectors.get(2 * i + 1)), verifier.difference(a, b).isEmpty()));
        }
        return out;
    }

    static double cosine(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }

    private static void table(String title, List<Pair> all, Predicate<Pair> which) {
        List<Pair> pairs = all.stream().filter(which).toList();
        long same = pairs.stream().filter(Pair::same).count();
        System.out.printf(Locale.ROOT, "%n%s: %d pairs, %d paraphrases%n", title, pairs.size(), same);
        System.out.println("| threshold | precision, cosine only | hit rate, cosine only | precision, with verifier"
                + " | hit rate, with verifier | wrong hits with verifier, by kind |");
        System.out.println("|---|---|---|---|---|---|");
        for (double t : THRESHOLDS) {
            long hits = 0;
            long good = 0;
            long vHits = 0;
            long vGood = 0;
            Map<String, Integer> wrong = new TreeMap<>();
            for (Pair p : pairs) {
                if (p.cosine >= t) {
                    hits++;
                    good += p.same ? 1 : 0;
                    if (p.verified) {
                        vHits++;
                        vGood += p.same ? 1 : 0;
                        if (!p.same) {
                            wrong.merge(p.kind, 1, Integer::sum);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %.2f | %s | %s | %s | %s | %s |%n", t, pct(good, hits), pct(good, same),
                    pct(vGood, vHits), pct(vGood, same), wrong.isEmpty() ? "none" : wrong.toString());
        }
    }

    private static void misses(List<Pair> pairs) {
        long refused = pairs.stream().filter(p -> p.same && !p.verified).count();
        long caught = pairs.stream().filter(p -> !p.same && !p.verified).count();
        long negatives = pairs.stream().filter(p -> !p.same).count();
        System.out.printf(Locale.ROOT, "%nverifier alone: refuses %d of %d paraphrases, catches %d of %d hard"
                + " negatives%n", refused, pairs.size() - negatives, caught, negatives);
        Map<String, long[]> byKind = new TreeMap<>();
        for (Pair p : pairs) {
            long[] c = byKind.computeIfAbsent(p.kind, k -> new long[2]);
            c[0]++;
            c[1] += p.verified ? 0 : 1;
        }
        byKind.forEach((k, c) -> System.out.printf(Locale.ROOT, "  %-10s %3d pairs, %3d refused by the verifier%n",
                k, c[0], c[1]));
        if (System.getProperty("cache.quality.list") != null) {
            HitVerifier v = HitVerifier.lexical();
            pairs.stream().filter(p -> p.same != p.verified).forEach(p -> System.out.printf(Locale.ROOT,
                    "  %s %s %.3f %s | %s | %s%n", p.id, p.same ? "REFUSED" : "PASSED ", p.cosine,
                    v.difference(p.a, p.b).orElse(""), p.a, p.b));
        }
    }

    private static String pct(long num, long den) {
        return den == 0 ? "-" : String.format(Locale.ROOT, "%.1f %% (%d/%d)", 100.0 * num / den, num, den);
    }
}
