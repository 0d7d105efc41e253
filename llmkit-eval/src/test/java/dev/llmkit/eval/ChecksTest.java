package dev.llmkit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.Usage;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.ScoredChunk;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksTest {
    private static final EvalContext NO_JUDGE = new EvalContext(null);

    private static GoldenCase kase(String expected, List<String> facts, List<String> sources) {
        return new GoldenCase("c1", "How do I retry?", expected, facts, sources, List.of(), List.of());
    }

    private static CaseOutput answer(String text) {
        return CaseOutput.answer(text, Usage.ZERO, null, Duration.ofMillis(40));
    }

    private static ScoredChunk chunk(String source, String heading, String text) {
        return new ScoredChunk(new Chunk(source + "#" + heading, source, text, source, 0, Map.of("heading",
                "Guide > " + heading)), 0.5);
    }

    private static CaseOutput retrieved(ScoredChunk... hits) {
        return new CaseOutput("", List.of(hits), List.of(), Usage.ZERO, null, Duration.ZERO);
    }

    private static CheckResult run(Check check, GoldenCase c, CaseOutput o) {
        return check.evaluate(c, o, NO_JUDGE);
    }

    @Test
    void exactComparesTrimmedAndOptionallyIgnoringCase() {
        GoldenCase c = kase("Paris", List.of(), List.of());
        assertThat(run(Checks.exact(false), c, answer(" Paris\n")).passed()).isTrue();
        assertThat(run(Checks.exact(false), c, answer("paris")).passed()).isFalse();
        assertThat(run(Checks.exact(true), c, answer("paris")).passed()).isTrue();
    }

    @Test
    void containsDefaultsToTheFactsAndScoresTheShareFound() {
        GoldenCase c = kase(null, List.of("Retry-After", "jitter"), List.of());
        CheckResult half = run(Checks.contains(List.of()), c, answer("It honours retry-after."));
        assertThat(half.passed()).isFalse();
        assertThat(half.score()).isEqualTo(0.5);
        assertThat(half.detail()).contains("jitter");
        assertThat(run(Checks.contains(List.of()), c, answer("Retry-After with full jitter")).passed()).isTrue();
    }

    @Test
    void regexFindsAMatchAnywhere() {
        GoldenCase c = kase(null, List.of(), List.of());
        assertThat(run(Checks.regex("\\b\\d+ ms\\b"), c, answer("waits 200 ms first")).passed()).isTrue();
        assertThat(run(Checks.regex("\\b\\d+ ms\\b"), c, answer("waits a while")).passed()).isFalse();
    }

    @Test
    void jsonSchemaAcceptsAFencedMatchAndExplainsAMismatch() throws Exception {
        Check check = Checks.jsonSchema(new ObjectMapper().readTree(
                "{\"type\":\"object\",\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\"}}}"));
        GoldenCase c = kase(null, List.of(), List.of());
        assertThat(run(check, c, answer("```json\n{\"city\": \"Oslo\"}\n```")).passed()).isTrue();
        CheckResult wrong = run(check, c, answer("{\"town\": \"Oslo\"}"));
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.detail()).contains("schema errors");
        assertThat(run(check, c, answer("Oslo")).detail()).startsWith("not JSON");
    }

    @Test
    void retrievalChecksMatchSourcesBySourceAndHeading() {
        GoldenCase c = kase(null, List.of(), List.of("rag.md#Chunking", "cli.md#ingest"));
        CaseOutput out = retrieved(chunk("cache.md", "Keys", "x"), chunk("rag.md", "Chunking", "y"),
                chunk("rag.md", "Chunking", "y2"), chunk("cli.md", "ask", "z"));

        CheckResult recall = run(Checks.recall(5, 1.0), c, out);
        assertThat(recall.score()).isEqualTo(0.5);
        assertThat(recall.passed()).isFalse();
        CheckResult hit = run(Checks.hit(2), c, out);
        assertThat(hit.passed()).isTrue();
        assertThat(hit.detail()).contains("rank 2");
        assertThat(run(Checks.hit(1), c, out).passed()).isFalse();
        CheckResult ndcg = run(Checks.ndcg(10, 0.3), c, out);
        assertThat(ndcg.score()).isBetween(0.35, 0.45); // one of two relevant, at rank 2
    }

    @Test
    void faithfulnessFlagsASentenceTheEvidenceDoesNotSupport() {
        GoldenCase c = kase(null, List.of(), List.of());
        ScoredChunk evidence = chunk("resilience.md", "Retry", "The retry layer waits with exponential backoff and "
                + "full jitter and honours the Retry-After header.");
        CaseOutput supported = new CaseOutput("The retry layer waits with exponential backoff and full jitter.",
                List.of(evidence), List.of(), Usage.ZERO, null, Duration.ZERO);
        CaseOutput invented = new CaseOutput("The retry layer waits with exponential backoff. It also sends an "
                + "apology email to the provider's support desk.", List.of(evidence), List.of(), Usage.ZERO, null,
                Duration.ZERO);

        assertThat(run(Checks.faithful(0.8), c, supported).passed()).isTrue();
        CheckResult r = run(Checks.faithful(0.8), c, invented);
        assertThat(r.passed()).isFalse();
        assertThat(r.score()).isEqualTo(0.5);
        assertThat(r.detail()).contains("apology email");
    }

    @Test
    void latencyAndCostHaveLimitsAndAnUnknownCostFails() {
        GoldenCase c = kase(null, List.of(), List.of());
        assertThat(run(Checks.maxLatency(Duration.ofMillis(50)), c, answer("x")).passed()).isTrue();
        assertThat(run(Checks.maxLatency(Duration.ofMillis(10)), c, answer("x")).passed()).isFalse();
        CaseOutput priced = CaseOutput.answer("x", Usage.of(10, 5), new BigDecimal("0.002"), Duration.ZERO);
        assertThat(run(Checks.maxCost(new BigDecimal("0.01")), c, priced).passed()).isTrue();
        assertThat(run(Checks.maxCost(new BigDecimal("0.001")), c, priced).passed()).isFalse();
        assertThat(run(Checks.maxCost(new BigDecimal("0.01")), c, answer("x")).detail()).contains("cost unknown");
    }
}
