package dev.llmkit.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a golden-set run: every case's result, pass rates and mean scores per check, as Markdown (for
 * people), JSON (for baselines and tools) and JUnit XML (for CI dashboards), and the comparison with a baseline that
 * fails a regressed run.
 */
public final class EvalReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String set;
    private final List<CaseResult> results;

    /** A report of {@code results} for the set named {@code set}. */
    public EvalReport(String set, List<CaseResult> results) {
        this.set = Objects.requireNonNull(set, "set");
        this.results = List.copyOf(results);
    }

    /** The set's name. */
    public String set() {
        return set;
    }

    /** Every case's result, in the set's order. */
    public List<CaseResult> results() {
        return results;
    }

    /** The share of cases that passed every check. */
    public double passRate() {
        return results.isEmpty() ? 0 : results.stream().filter(CaseResult::passed).count() / (double) results.size();
    }

    /** The figures of the run, as a baseline stores them. */
    public Summary summary() {
        Map<String, List<CheckResult>> byCheck = new LinkedHashMap<>();
        for (CaseResult r : results) {
            r.checks().forEach(c -> byCheck.computeIfAbsent(c.check(), k -> new ArrayList<>()).add(c));
        }
        Map<String, CheckFigures> checks = new LinkedHashMap<>();
        byCheck.forEach((name, list) -> checks.put(name, new CheckFigures(list.size(),
                list.stream().filter(CheckResult::passed).count() / (double) list.size(),
                list.stream().mapToDouble(CheckResult::score).average().orElse(0))));
        return new Summary(set, results.size(), passRate(), checks);
    }

    /**
     * How this run compares with {@code baseline}: a regression is a pass rate (overall or of a check) or a check's
     * mean score lower than the baseline's by more than {@code tolerance}, or a check the baseline had and this run
     * lacks.
     */
    public Comparison compareTo(Summary baseline, double tolerance) {
        Summary now = summary();
        List<String> regressions = new ArrayList<>();
        if (now.passRate() < baseline.passRate() - tolerance) {
            regressions.add(String.format(Locale.ROOT, "pass rate %.3f < baseline %.3f", now.passRate(),
                    baseline.passRate()));
        }
        baseline.checks().forEach((name, base) -> {
            CheckFigures cur = now.checks().get(name);
            if (cur == null) {
                regressions.add("check " + name + " is in the baseline but not in this run");
                return;
            }
            if (cur.passRate() < base.passRate() - tolerance) {
                regressions.add(String.format(Locale.ROOT, "%s pass rate %.3f < baseline %.3f", name, cur.passRate(),
                        base.passRate()));
            }
            if (cur.meanScore() < base.meanScore() - tolerance) {
                regressions.add(String.format(Locale.ROOT, "%s mean score %.3f < baseline %.3f", name,
                        cur.meanScore(), base.meanScore()));
            }
        });
        return new Comparison(tolerance, regressions);
    }

    /** A Markdown report: the figures per check, then every failed case with the reason. */
    public String toMarkdown() {
        Summary s = summary();
        StringBuilder b = new StringBuilder();
        b.append("# Evaluation: ").append(set).append("\n\n");
        b.append(String.format(Locale.ROOT, "%d cases, %d passed (%.1f %%)%n%n", results.size(),
                results.stream().filter(CaseResult::passed).count(), 100 * s.passRate()));
        b.append("| check | cases | pass rate | mean score |\n|---|---|---|---|\n");
        s.checks().forEach((name, f) -> b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", name,
                f.cases(), f.passRate(), f.meanScore())));
        List<CaseResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            b.append("\n## Failed cases\n\n| case | why |\n|---|---|\n");
            for (CaseResult r : failed) {
                String why = r.failure().orElseGet(() -> String.join("; ", r.checks().stream()
                        .filter(c -> !c.passed()).map(c -> c.check() + ": " + c.detail()).toList()));
                b.append("| ").append(r.id()).append(" | ").append(cell(why)).append(" |\n");
            }
        }
        return b.toString();
    }

    private static String cell(String s) {
        return Checks.abbreviate(s.replace("|", "\\|").replace("\n", " "), 300);
    }

    /** The report as JSON: the summary ({@link Summary#fromJson} reads it back as a baseline) and every case. */
    public String toJson() {
        Summary s = summary();
        ObjectNode root = JSON.createObjectNode();
        root.put("set", set).put("cases", s.cases()).put("passRate", s.passRate());
        ObjectNode checks = root.putObject("checks");
        s.checks().forEach((name, f) -> checks.putObject(name).put("cases", f.cases()).put("passRate", f.passRate())
                .put("meanScore", f.meanScore()));
        ArrayNode cases = root.putArray("results");
        for (CaseResult r : results) {
            ObjectNode n = cases.addObject().put("id", r.id()).put("passed", r.passed())
                    .put("latencyMs", r.latency().toMillis()).put("answer", r.answer());
            r.failure().ifPresent(e -> n.put("error", e));
            ArrayNode cs = n.putArray("checks");
            r.checks().forEach(c -> cs.addObject().put("check", c.check()).put("passed", c.passed())
                    .put("score", c.score()).put("detail", c.detail()));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as JUnit XML: one test case per golden case, failed with its reasons. */
    public String toJUnitXml() {
        long failures = results.stream().filter(r -> !r.passed() && r.failure().isEmpty()).count();
        long errors = results.stream().filter(r -> r.failure().isPresent()).count();
        double seconds = results.stream().mapToLong(r -> r.latency().toMillis()).sum() / 1000.0;
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
                + "time=\"%.3f\">%n", xml(set), results.size(), failures, errors, seconds));
        for (CaseResult r : results) {
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", xml(set),
                    xml(r.id()), r.latency().toMillis() / 1000.0));
            if (r.passed()) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            if (r.failure().isPresent()) {
                b.append("    <error message=\"").append(xml(r.failure().get())).append("\"/>\n");
            } else {
                for (CheckResult c : r.checks()) {
                    if (!c.passed()) {
                        b.append("    <failure type=\"").append(xml(c.check())).append("\" message=\"")
                                .append(xml(c.detail())).append("\"/>\n");
                    }
                }
            }
            b.append("  </testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * One check's figures.
     *
     * @param cases how many cases ran it
     * @param passRate the share that passed
     * @param meanScore the mean score
     */
    public record CheckFigures(int cases, double passRate, double meanScore) {}

    /**
     * A run's figures: what a baseline keeps.
     *
     * @param set the set's name
     * @param cases how many cases ran
     * @param passRate the share of cases that passed every check
     * @param checks figures per check name
     */
    public record Summary(String set, int cases, double passRate, Map<String, CheckFigures> checks) {
        /** Copies. */
        public Summary {
            checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks)); // keeps the report's order
        }

        /**
         * Reads the summary of a report written by {@link EvalReport#toJson()}.
         *
         * @throws IllegalArgumentException when the text is not such a report
         */
        public static Summary fromJson(String json) {
            try {
                JsonNode n = JSON.readTree(json);
                if (!n.path("passRate").isNumber() || !n.path("checks").isObject()) {
                    throw new IllegalArgumentException("not an llmkit evaluation report: it lacks passRate or checks");
                }
                Map<String, CheckFigures> checks = new LinkedHashMap<>();
                n.get("checks").fields().forEachRemaining(e -> checks.put(e.getKey(), new CheckFigures(
                        e.getValue().path("cases").asInt(), e.getValue().path("passRate").asDouble(),
                        e.getValue().path("meanScore").asDouble())));
                return new Summary(n.path("set").asText(), n.path("cases").asInt(), n.get("passRate").asDouble(),
                        checks);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the baseline is not JSON: " + e.getOriginalMessage(), e);
            }
        }
    }

    /**
     * A run against a baseline.
     *
     * @param tolerance how much lower a figure may be before it counts
     * @param regressions what got worse, one line each
     */
    public record Comparison(double tolerance, List<String> regressions) {
        /** Copies. */
        public Comparison {
            regressions = List.copyOf(regressions);
        }

        /** Whether nothing regressed. */
        public boolean passed() {
            return regressions.isEmpty();
        }

        @Override
        public String toString() {
            return passed() ? "no regression (tolerance " + tolerance + ")"
                    : "regressions (tolerance " + tolerance + "):\n  " + String.join("\n  ", regressions);
        }
    }
}
