package dev.llmkit.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.eval.RetrievalEvaluator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in checks. In a golden set's JSON lines they are named by {@code type}: {@code exact}, {@code contains},
 * {@code regex}, {@code json_schema}, {@code recall}, {@code hit}, {@code ndcg}, {@code faithful}, {@code judge},
 * {@code max_latency_ms} and {@code max_cost} (see {@link GoldenSet}).
 */
public final class Checks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]{3,}");
    private static final Set<String> STOP = Set.of("the", "and", "for", "are", "but", "not", "you", "with", "this",
            "that", "from", "they", "its", "has", "have", "was", "were", "can", "all", "any", "into", "than", "then",
            "when", "what", "which", "who", "how", "does", "each", "one", "your", "our", "their", "there", "been");

    private Checks() {}

    /** The answer equals the case's expected output (trimmed; ignoring case when {@code ignoreCase}). */
    public static Check exact(boolean ignoreCase) {
        return simple("exact", (c, o) -> {
            String expected = c.expectedOutput().orElseThrow(() -> new IllegalArgumentException(
                    "case " + c.id() + " has an exact check but no expected output"));
            boolean ok = ignoreCase ? o.answer().strip().equalsIgnoreCase(expected.strip())
                    : o.answer().strip().equals(expected.strip());
            return CheckResult.of("exact", ok, ok ? "equal" : "answer differs from the expected output");
        });
    }

    /** The answer contains every one of {@code phrases} (ignoring case); empty means the case's facts. */
    public static Check contains(List<String> phrases) {
        List<String> fixed = List.copyOf(phrases);
        return simple("contains", (c, o) -> {
            List<String> want = fixed.isEmpty() ? c.facts() : fixed;
            if (want.isEmpty()) {
                throw new IllegalArgumentException("case " + c.id() + " has a contains check but no phrases or facts");
            }
            String answer = o.answer().toLowerCase(Locale.ROOT);
            List<String> missing = want.stream().filter(p -> !answer.contains(p.toLowerCase(Locale.ROOT))).toList();
            double score = (want.size() - missing.size()) / (double) want.size();
            return new CheckResult("contains", missing.isEmpty(), score,
                    missing.isEmpty() ? "all " + want.size() + " found" : "missing: " + String.join("; ", missing));
        });
    }

    /** The answer matches {@code regex} somewhere. */
    public static Check regex(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        return simple("regex", (c, o) -> {
            boolean ok = p.matcher(o.answer()).find();
            return CheckResult.of("regex", ok, ok ? "matches /" + regex + "/" : "no match for /" + regex + "/");
        });
    }

    /** The answer (or the JSON inside a fenced block) is valid JSON matching {@code schema}. */
    public static Check jsonSchema(JsonNode schema) {
        Schema compiled;
        try {
            compiled = SCHEMAS.getSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the JSON schema cannot be compiled: " + e.getMessage(), e);
        }
        return simple("json_schema", (c, o) -> {
            String body = o.answer().strip().replaceAll("(?s)^```(?:json)?\\s*(.*?)\\s*```$", "$1");
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return CheckResult.of("json_schema", false, "not JSON: " + e.getOriginalMessage());
            }
            if (node == null || node.isMissingNode()) {
                return CheckResult.of("json_schema", false, "empty answer");
            }
            var errors = compiled.validate(node);
            return CheckResult.of("json_schema", errors.isEmpty(), errors.isEmpty() ? "valid"
                    : errors.size() + " schema errors, first: " + errors.get(0));
        });
    }

    /** The share of expected sources among the top {@code k} retrieved chunks is at least {@code min}. */
    public static Check recall(int k, double min) {
        String name = "recall@" + k;
        return simple(name, (c, o) -> {
            List<String> ranking = ranking(c, o.retrieved());
            double r = RetrievalEvaluator.recallAt(ranking, judged(c), k);
            return new CheckResult(name, r >= min, r, String.format(Locale.ROOT, "%.2f of %d expected sources in the "
                    + "top %d", r, c.sources().size(), k));
        });
    }

    /** At least one expected source is among the top {@code k} retrieved chunks (for cases with alternatives). */
    public static Check hit(int k) {
        String name = "hit@" + k;
        return simple(name, (c, o) -> {
            List<String> ranking = ranking(c, o.retrieved());
            int at = -1;
            for (int i = 0; i < Math.min(k, ranking.size()); i++) {
                if (c.sources().contains(ranking.get(i))) {
                    at = i;
                    break;
                }
            }
            return CheckResult.of(name, at >= 0, at >= 0 ? "expected source at rank " + (at + 1)
                    : "no expected source in the top " + k + " (" + String.join(", ", ranking.stream().limit(3)
                            .toList()) + (ranking.size() > 3 ? ", ..." : "") + ")");
        });
    }

    /** nDCG@{@code k} of the retrieved chunks against the expected sources is at least {@code min}. */
    public static Check ndcg(int k, double min) {
        String name = "ndcg@" + k;
        return simple(name, (c, o) -> {
            double n = RetrievalEvaluator.ndcgAt(ranking(c, o.retrieved()), judged(c), k);
            return new CheckResult(name, n >= min, n, String.format(Locale.ROOT, "nDCG@%d %.3f", k, n));
        });
    }

    /**
     * At least {@code min} of the answer's sentences are supported by the chunks it cites (or, when it cites none, the
     * ones retrieved): a sentence is supported when at least 60 % of its content words appear in them. A lexical
     * check: it catches invented facts and names, not paraphrase; use {@link #judge} for meaning.
     */
    public static Check faithful(double min) {
        return simple("faithful", (c, o) -> {
            Set<String> evidence = new HashSet<>();
            for (ScoredChunk s : o.evidence()) {
                evidence.addAll(words(s.chunk().text()));
            }
            List<String> sentences = sentences(o.answer());
            if (sentences.isEmpty()) {
                return CheckResult.of("faithful", false, "empty answer");
            }
            int supported = 0;
            String firstUnsupported = null;
            for (String s : sentences) {
                List<String> w = words(s);
                long found = w.stream().filter(evidence::contains).count();
                if (w.isEmpty() || found >= 0.6 * w.size()) {
                    supported++;
                } else if (firstUnsupported == null) {
                    firstUnsupported = s;
                }
            }
            double score = supported / (double) sentences.size();
            return new CheckResult("faithful", score >= min, score, firstUnsupported == null
                    ? "every sentence supported" : "unsupported: \"" + abbreviate(firstUnsupported, 120) + "\"");
        });
    }

    /**
     * An LLM judge grades the answer against the case's expected output (or facts) by {@code rubric}, from 0 to 1; the
     * case passes at {@code minScore} or above. The judge is asked twice, with the reference and the answer in swapped
     * order; when its two grades differ by more than 0.25 the check fails as position-biased. The run's judge model
     * ({@link GoldenRunner.Builder#judge}) answers.
     */
    public static Check judge(String rubric, double minScore) {
        return new Judge(rubric, minScore);
    }

    /** The case took at most {@code max}. */
    public static Check maxLatency(Duration max) {
        return simple("max_latency", (c, o) -> CheckResult.of("max_latency", o.latency().compareTo(max) <= 0,
                o.latency().toMillis() + " ms (limit " + max.toMillis() + " ms)"));
    }

    /** The case cost at most {@code max} (in the price table's currency); fails when the cost is unknown. */
    public static Check maxCost(BigDecimal max) {
        return simple("max_cost", (c, o) -> o.knownCost()
                .map(cost -> CheckResult.of("max_cost", cost.compareTo(max) <= 0, cost.toPlainString() + " (limit "
                        + max.toPlainString() + ")"))
                .orElse(CheckResult.of("max_cost", false, "cost unknown: the target reports none (set prices)")));
    }

    /** Each retrieved chunk as the expected source it matches, else as its own source id; duplicates dropped. */
    static List<String> ranking(GoldenCase c, List<ScoredChunk> hits) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ScoredChunk h : hits) {
            String key = c.sources().stream().filter(s -> Sources.matches(s, h.chunk())).findFirst()
                    .orElse(Sources.idOf(h.chunk()));
            if (seen.add(key)) {
                out.add(key);
            }
        }
        return out;
    }

    private static Map<String, Integer> judged(GoldenCase c) {
        if (c.sources().isEmpty()) {
            throw new IllegalArgumentException("case " + c.id() + " has a retrieval check but no expected sources");
        }
        Map<String, Integer> out = new HashMap<>();
        c.sources().forEach(s -> out.put(s, 1));
        return out;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("(?<=[.!?])\\s+|\\n+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static Check simple(String name, java.util.function.BiFunction<GoldenCase, CaseOutput, CheckResult> f) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult evaluate(GoldenCase c, CaseOutput output, EvalContext context) {
                return f.apply(c, output);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
