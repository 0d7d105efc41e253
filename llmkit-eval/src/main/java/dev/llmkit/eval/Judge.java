package dev.llmkit.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ResponseFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** LLM-as-judge with a rubric, asked twice in swapped order; see {@link Checks#judge}. */
final class Judge implements Check {
    /** Two grades further apart than this mean the judge's grade depends on the order it read things in. */
    static final double MAX_SWAP_GAP = 0.25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);
    private final String rubric;
    private final double minScore;

    Judge(String rubric, double minScore) {
        if (rubric.isBlank()) {
            throw new IllegalArgumentException("a judge check needs a rubric");
        }
        this.rubric = rubric;
        this.minScore = minScore;
    }

    @Override
    public String name() {
        return "judge";
    }

    @Override
    public CheckResult evaluate(GoldenCase c, CaseOutput output, EvalContext context) {
        ChatModel judge = context.judgeModel().orElseThrow(() -> new IllegalStateException(
                "case " + c.id() + " has a judge check but the run has no judge model; set GoldenRunner.Builder.judge"));
        String reference = c.expectedOutput().orElse(String.join("; ", c.facts()));
        double first = grade(judge, c, "REFERENCE", reference, "ANSWER", output.answer());
        double second = grade(judge, c, "ANSWER", output.answer(), "REFERENCE", reference);
        double score = (first + second) / 2;
        if (Math.abs(first - second) > MAX_SWAP_GAP) {
            return new CheckResult("judge", false, score, String.format(Locale.ROOT, "position bias: the judge gave "
                    + "%.2f with the reference first and %.2f with the answer first", first, second));
        }
        return new CheckResult("judge", score >= minScore, score, String.format(Locale.ROOT,
                "judge score %.2f (%.2f and %.2f in swapped order; pass at %.2f)", score, first, second, minScore));
    }

    private double grade(ChatModel judge, GoldenCase c, String firstLabel, String firstText, String secondLabel,
            String secondText) {
        String prompt = "You grade an answer to a question against a reference, by this rubric:\n" + rubric
                + "\n\nQUESTION:\n" + c.input() + "\n\n" + firstLabel + ":\n" + firstText + "\n\n" + secondLabel + ":\n"
                + secondText + "\n\nReply with only a JSON object: {\"score\": <a number from 0 to 1>, \"reason\": "
                + "\"<one sentence>\"}";
        String text = judge.chat(ChatRequest.builder().user(prompt).temperature(0.0)
                .responseFormat(ResponseFormat.JSON_OBJECT).build()).text();
        Matcher m = OBJECT.matcher(text);
        try {
            JsonNode n = JSON.readTree(m.find() ? m.group() : text);
            double score = n.path("score").asDouble(Double.NaN);
            if (!(score >= 0 && score <= 1)) {
                throw new IllegalStateException("the judge's score is not a number from 0 to 1: " + n.path("score"));
            }
            return score;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the judge did not answer with JSON: "
                    + Checks.abbreviate(text, 200), e);
        }
    }

    @Override
    public String toString() {
        return "judge";
    }
}
