package dev.llmkit.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A golden set: cases read from JSON lines, one object per line (blank lines and lines starting with {@code //} are
 * skipped).
 *
 * <pre>{@code
 * {"id": "retry-429", "input": "How do I retry on rate limits?",
 *  "facts": ["Retry-After"], "sources": ["resilience.md#Retry"],
 *  "checks": [{"type": "contains"}, {"type": "hit", "k": 5}, {"type": "judge", "rubric": "Correct and complete?"}]}
 * }</pre>
 *
 * <p>Fields: {@code id} and {@code input} (required), {@code expected}, {@code facts}, {@code sources}, {@code tags},
 * {@code checks}. Check types and their fields: {@code exact} ({@code ignore_case}), {@code contains}
 * ({@code values}, default the facts), {@code regex} ({@code pattern}), {@code json_schema} ({@code schema}),
 * {@code recall} ({@code k}, {@code min}, default 1.0), {@code hit} ({@code k}), {@code ndcg} ({@code k}, {@code min}),
 * {@code faithful} ({@code min}, default 0.8), {@code judge} ({@code rubric}, {@code min}, default 0.7),
 * {@code max_latency_ms} ({@code value}), {@code max_cost} ({@code value}). A line that breaks these rules fails the
 * load with its line number.
 */
public final class GoldenSet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String name;
    private final List<GoldenCase> cases;

    private GoldenSet(String name, List<GoldenCase> cases) {
        this.name = name;
        this.cases = List.copyOf(cases);
    }

    /** A set of these cases. */
    public static GoldenSet of(String name, List<GoldenCase> cases) {
        return new GoldenSet(Objects.requireNonNull(name, "name"), cases);
    }

    /** Reads a JSON lines file; the set is named after the file. */
    public static GoldenSet load(Path file) {
        try {
            String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the golden set " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses JSON lines.
     *
     * @throws IllegalArgumentException naming the line, when a line is not a valid case
     */
    public static GoldenSet parse(String name, String jsonl) {
        List<GoldenCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = jsonl.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            try {
                GoldenCase c = toCase(JSON.readTree(line));
                if (!ids.add(c.id())) {
                    throw new IllegalArgumentException("the id '" + c.id() + "' is used twice");
                }
                cases.add(c);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": not JSON: " + e.getOriginalMessage(),
                        e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(name + " holds no cases");
        }
        return new GoldenSet(name, cases);
    }

    private static GoldenCase toCase(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("each line must be a JSON object");
        }
        String id = required(n, "id");
        List<Check> checks = new ArrayList<>();
        for (JsonNode spec : n.path("checks")) {
            checks.add(toCheck(spec));
        }
        return new GoldenCase(id, required(n, "input"), n.hasNonNull("expected") ? n.get("expected").asText() : null,
                strings(n, "facts"), strings(n, "sources"), checks, strings(n, "tags"));
    }

    private static Check toCheck(JsonNode spec) {
        String type = required(spec, "type");
        return switch (type) {
            case "exact" -> Checks.exact(spec.path("ignore_case").asBoolean(false));
            case "contains" -> Checks.contains(strings(spec, "values"));
            case "regex" -> Checks.regex(required(spec, "pattern"));
            case "json_schema" -> {
                if (!spec.path("schema").isObject()) {
                    throw new IllegalArgumentException("a json_schema check needs a \"schema\" object");
                }
                yield Checks.jsonSchema(spec.get("schema"));
            }
            case "recall" -> Checks.recall(positive(spec, "k", 10), spec.path("min").asDouble(1.0));
            case "hit" -> Checks.hit(positive(spec, "k", 10));
            case "ndcg" -> Checks.ndcg(positive(spec, "k", 10), spec.path("min").asDouble(0.5));
            case "faithful" -> Checks.faithful(spec.path("min").asDouble(0.8));
            case "judge" -> Checks.judge(required(spec, "rubric"), spec.path("min").asDouble(0.7));
            case "max_latency_ms" -> Checks.maxLatency(Duration.ofMillis(positive(spec, "value", -1)));
            case "max_cost" -> Checks.maxCost(new BigDecimal(required(spec, "value")));
            default -> throw new IllegalArgumentException("unknown check type '" + type + "'; use exact, contains, "
                    + "regex, json_schema, recall, hit, ndcg, faithful, judge, max_latency_ms or max_cost");
        };
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" is required");
        }
        return v.asText();
    }

    private static int positive(JsonNode n, String field, int otherwise) {
        JsonNode v = n.get(field);
        if (v == null) {
            if (otherwise < 0) {
                throw new IllegalArgumentException("\"" + field + "\" is required");
            }
            return otherwise;
        }
        if (!v.canConvertToInt() || v.asInt() <= 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be a positive whole number, was " + v);
        }
        return v.asInt();
    }

    private static List<String> strings(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The set's name. */
    public String name() {
        return name;
    }

    /** The cases, in file order. */
    public List<GoldenCase> cases() {
        return cases;
    }

    @Override
    public String toString() {
        return "GoldenSet[" + name + ", " + cases.size() + " cases]";
    }
}
