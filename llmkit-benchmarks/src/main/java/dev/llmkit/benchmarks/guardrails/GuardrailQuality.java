package dev.llmkit.benchmarks.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.guardrails.InjectionDetector;
import dev.llmkit.guardrails.InjectionScore;
import dev.llmkit.guardrails.PiiDetector;
import dev.llmkit.guardrails.PiiSpan;
import dev.llmkit.guardrails.PiiType;
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

/**
 * Precision and recall of the guardrails' detectors on the labelled sets bundled with the benchmarks, written for
 * llmkit by authors who had not seen the detectors: structured PII and secrets ({@code guardrails/pii-*.jsonl}, each
 * item a kind and its exact text) and prompt injections with benign look-alikes ({@code guardrails/injection-*.jsonl}).
 * The PII rules were revised on the tune set only, and the holdout set measured once with the final rules. The
 * injection rules were revised on the tune set, then measured on the holdout set, whose mistakes were then studied
 * too, and so were a third set's ({@code injection-test.jsonl}). Five more sets ({@code injection-test2} to
 * {@code -test6}, written apart) were measured with the final rules; their mistakes are never printed.
 *
 * <p>A PII item counts as found when a detected span of the same kind overlaps it; a detected span that overlaps no
 * labelled item of its kind is a false positive.
 *
 * <pre>
 * java -cp llmkit-benchmarks/target/benchmarks.jar dev.llmkit.benchmarks.guardrails.GuardrailQuality [tune|holdout|test|test2|test3|test4|test5|test6]
 *      [--mistakes] [--no-embeddings]
 * </pre>
 */
public final class GuardrailQuality {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] THRESHOLDS = {0.3, 0.4, 0.5, 0.6, 0.7};

    private GuardrailQuality() {}

    public static void main(String[] args) throws IOException {
        String set = args.length > 0 && !args[0].startsWith("--") ? args[0] : "tune";
        boolean mistakes = List.of(args).contains("--mistakes");
        if (mistakes && set.startsWith("test") && !set.equals("test")) {
            throw new IllegalArgumentException("the test set's mistakes are not printed: it must stay unseen");
        }
        if (!set.startsWith("test")) {
            pii(set, mistakes);
        }
        injection(set, mistakes, !List.of(args).contains("--no-embeddings"));
    }

    record Gold(PiiType type, int start, int end) {
    }

    static void pii(String set, boolean mistakes) throws IOException {
        PiiDetector detector = PiiDetector.builder()
                .phoneRegions(List.of("US"))
                .build();
        Map<PiiType, int[]> counts = new TreeMap<>(); // tp (gold found), gold, predicted, predicted correct
        int lines = 0;
        long nanos = 0;
        for (JsonNode line : read("/guardrails/pii-" + set + ".jsonl")) {
            lines++;
            String text = line.path("text").asText();
            List<Gold> gold = new ArrayList<>();
            for (JsonNode item : line.path("pii")) {
                PiiType type = PiiType.valueOf(item.path("type").asText());
                String value = item.path("value").asText();
                for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                    gold.add(new Gold(type, at, at + value.length()));
                }
            }
            long t0 = System.nanoTime();
            List<PiiSpan> found = detector.detect(text);
            nanos += System.nanoTime() - t0;
            for (Gold g : gold) {
                int[] c = counts.computeIfAbsent(g.type(), k -> new int[4]);
                c[1]++;
                boolean hit = found.stream().anyMatch(s -> s.type() == g.type() && s.start() < g.end()
                        && g.start() < s.end());
                if (hit) {
                    c[0]++;
                } else if (mistakes) {
                    System.out.println("  missed " + g.type() + " in " + line.path("id").asText() + ": "
                            + text.substring(g.start(), g.end()));
                }
            }
            for (PiiSpan s : found) {
                int[] c = counts.computeIfAbsent(s.type(), k -> new int[4]);
                c[2]++;
                boolean right = gold.stream().anyMatch(g -> g.type() == s.type() && s.start() < g.end()
                        && g.start() < s.end());
                if (right) {
                    c[3]++;
                } else if (mistakes) {
                    System.out.println("  false " + s.type() + " in " + line.path("id").asText() + ": '"
                            + s.in(text) + "'");
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nPII and secrets, %s set: %d texts, %.1f µs per text%n", set, lines,
                nanos / 1000.0 / lines);
        System.out.println("| kind | labelled | found | recall | detected | precision |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        int[] all = new int[4];
        for (Map.Entry<PiiType, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            for (int i = 0; i < 4; i++) {
                all[i] += c[i];
            }
            row(e.getKey().name(), c);
        }
        row("**all structured kinds**", all);
    }

    private static void row(String name, int[] c) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %d | %s |%n", name, c[1], c[0], pct(c[0], c[1]), c[2],
                pct(c[3], c[2]));
    }

    static void injection(String set, boolean mistakes, boolean withEmbeddings) throws IOException {
        List<JsonNode> lines = read("/guardrails/injection-" + set + ".jsonl");
        InjectionDetector heuristic = InjectionDetector.heuristic();
        report("heuristics only", set, lines, heuristic, mistakes);
        if (withEmbeddings) {
            EmbeddingModel bge = LocalEmbeddings.bgeSmallEnV15();
            report("heuristics + nearest exemplars (bge-small-en-v1.5)", set, lines,
                    InjectionDetector.builder().embeddings(bge).build(), mistakes);
        }
    }

    private static void report(String name, String set, List<JsonNode> lines, InjectionDetector detector,
            boolean mistakes) {
        double[] scores = new double[lines.size()];
        long nanos = 0;
        for (int i = 0; i < lines.size(); i++) {
            long t0 = System.nanoTime();
            InjectionScore s = detector.score(lines.get(i).path("text").asText());
            nanos += System.nanoTime() - t0;
            scores[i] = s.score();
            boolean attack = lines.get(i).path("label").asText().equals("attack");
            if (mistakes && attack != (s.score() >= detector.threshold())) {
                JsonNode l = lines.get(i);
                System.out.println("  " + (attack ? "missed " + l.path("family").asText() : "false alarm "
                        + l.path("category").asText()) + " " + l.path("id").asText() + " " + s + ": "
                        + l.path("text").asText().replace('\n', ' '));
            }
        }
        System.out.printf(Locale.ROOT, "%nPrompt injection, %s set, %s: %d texts, %.2f ms per text%n", set, name,
                lines.size(), nanos / 1e6 / lines.size());
        System.out.println("| threshold | recall (attacks caught) | false positives on benign | precision |");
        System.out.println("|---:|---:|---:|---:|");
        for (double t : THRESHOLDS) {
            int attacks = 0;
            int caught = 0;
            int benign = 0;
            int alarms = 0;
            for (int i = 0; i < lines.size(); i++) {
                boolean attack = lines.get(i).path("label").asText().equals("attack");
                boolean flagged = scores[i] >= t;
                if (attack) {
                    attacks++;
                    caught += flagged ? 1 : 0;
                } else {
                    benign++;
                    alarms += flagged ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "| %.1f%s | %s (%d/%d) | %s (%d/%d) | %s |%n", t,
                    t == detector.threshold() ? " (default)" : "", pct(caught, attacks), caught, attacks,
                    pct(alarms, benign), alarms, benign, pct(caught, caught + alarms));
        }
        Map<String, int[]> by = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            boolean attack = l.path("label").asText().equals("attack");
            String key = attack ? "attack/" + l.path("family").asText() : "benign/" + l.path("category").asText();
            int[] c = by.computeIfAbsent(key, k -> new int[2]);
            c[0]++;
            c[1] += scores[i] >= detector.threshold() ? 1 : 0;
        }
        StringBuilder sb = new StringBuilder("flagged at the default threshold:");
        by.forEach((k, c) -> sb.append(' ').append(k).append(' ').append(c[1]).append('/').append(c[0]));
        System.out.println(sb);
    }

    private static String pct(int a, int b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * a / b);
    }

    static List<JsonNode> read(String resource) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = GuardrailQuality.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }
}
