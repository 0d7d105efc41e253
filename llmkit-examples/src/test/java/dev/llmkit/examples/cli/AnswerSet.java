package dev.llmkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.rag.Citation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The judged question set over the bundled docs ({@code answer-quality/questions.jsonl}) and the evaluator that scores
 * extractive answers against it: answer precision (answered questions whose quotes all come from an expected section)
 * and refusal accuracy (refused when unanswerable, answered when answerable).
 */
final class AnswerSet {
    /** One judged question; {@code expect} is empty for a question the docs do not answer. */
    record Item(String id, String question, String split, List<Section> expect) {
        boolean answerable() {
            return !expect.isEmpty();
        }
    }

    /** A doc file and the last part of a heading path ({@code Resilience > Circuit breaker} -> {@code Circuit breaker}). */
    record Section(String file, String heading) {
        boolean matches(Citation c) {
            String h = c.heading();
            int cut = h.lastIndexOf(" > ");
            String last = cut < 0 ? h : h.substring(cut + 3);
            return c.source().equals(file) && last.strip().equalsIgnoreCase(heading);
        }
    }

    /** What happened to one question. */
    record Outcome(Item item, boolean refused, boolean precise, boolean topPrecise, double evidence, double support, String firstQuote) {
        boolean refusalCorrect() {
            return refused != item.answerable();
        }
    }

    /** Figures for a group of questions. */
    record Figures(int questions, int answered, int precise, int topPrecise, int refusalCorrect, int answerable,
            int unanswerable) {
        /** Answered questions whose every quote comes from an expected section. */
        double precision() {
            return answered == 0 ? 1 : (double) precise / answered;
        }

        /** Answered questions whose first quote comes from an expected section. */
        double topQuotePrecision() {
            return answered == 0 ? 1 : (double) topPrecise / answered;
        }

        double refusalAccuracy() {
            return questions == 0 ? 1 : (double) refusalCorrect / questions;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d questions (%d answerable, %d not): answer precision %.3f (%d/%d),"
                    + " top-quote precision %.3f (%d/%d), refusal accuracy %.3f (%d/%d)", questions, answerable,
                    unanswerable, precision(), precise, answered, topQuotePrecision(), topPrecise, answered,
                    refusalAccuracy(), refusalCorrect, questions);
        }
    }

    private AnswerSet() {}

    static List<Item> load() {
        try (InputStream in = AnswerSet.class.getResourceAsStream("/answer-quality/questions.jsonl")) {
            ObjectMapper json = new ObjectMapper();
            List<Item> items = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                List<Section> expect = new ArrayList<>();
                n.get("expect").forEach(e -> expect.add(new Section(e.get("file").asText(), e.get("section").asText())));
                items.add(new Item(n.get("id").asText(), n.get("question").asText(), n.get("split").asText(), expect));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Outcome judge(Item item, Answering.Reply reply) {
        boolean precise = !reply.refused() && item.answerable() && !reply.quotes().isEmpty()
                && reply.quotes().stream().allMatch(q -> item.expect().stream().anyMatch(s -> s.matches(q.source())));
        boolean topPrecise = !reply.refused() && item.answerable() && !reply.quotes().isEmpty()
                && item.expect().stream().anyMatch(s -> s.matches(reply.quotes().get(0).source()));
        return new Outcome(item, reply.refused(), precise, topPrecise, reply.evidence(), reply.support(),
                reply.quotes().isEmpty() ? "" : reply.quotes().get(0).source().source() + " | "
                        + reply.quotes().get(0).source().heading() + " | " + reply.quotes().get(0).text());
    }

    static List<Outcome> run(List<Item> items, Function<String, Answering.Reply> answer) {
        return items.stream().map(i -> judge(i, answer.apply(i.question()))).toList();
    }

    static Figures figures(List<Outcome> outcomes) {
        int answered = (int) outcomes.stream().filter(o -> !o.refused()).count();
        int precise = (int) outcomes.stream().filter(Outcome::precise).count();
        int top = (int) outcomes.stream().filter(Outcome::topPrecise).count();
        int correct = (int) outcomes.stream().filter(Outcome::refusalCorrect).count();
        int answerable = (int) outcomes.stream().filter(o -> o.item().answerable()).count();
        return new Figures(outcomes.size(), answered, precise, top, correct, answerable, outcomes.size() - answerable);
    }

    static Map<String, Figures> bySplit(List<Outcome> outcomes) {
        Map<String, List<Outcome>> split = outcomes.stream().collect(Collectors.groupingBy(o -> o.item().split()));
        Map<String, Figures> out = new java.util.TreeMap<>();
        split.forEach((k, v) -> out.put(k, figures(v)));
        out.put("all", figures(outcomes));
        return out;
    }

    static String report(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        for (Outcome o : outcomes) {
            if (o.item().split().equals("holdout") && !Boolean.getBoolean("llmkit.showHoldout")) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-4s %-7s %-8s ev=%.3f sup=%.3f %s%n    %s%n", o.item().id(),
                    o.item().split(), o.refused() ? (o.refusalCorrect() ? "refused" : "REFUSED") : (o.precise() ? "ok"
                            : "WRONG"), o.evidence(), o.support(), o.item().question(), o.firstQuote()));
        }
        bySplit(outcomes).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
