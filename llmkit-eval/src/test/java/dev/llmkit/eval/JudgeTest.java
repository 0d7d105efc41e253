package dev.llmkit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.Usage;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LLM judge through a real OpenAI-compatible client against a local server. */
class JudgeTest {
    private final MockWebServer server = new MockWebServer();
    private ChatModel judge;

    @BeforeEach
    void start() throws Exception {
        server.start();
        judge = OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).model("judge-1").build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void grades(String... contents) {
        for (String content : contents) {
            String escaped = content.replace("\"", "\\\"").replace("\n", "\\n");
            server.enqueue(new MockResponse.Builder().code(200).body("{\"model\":\"judge-1\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + escaped + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":10}}").build());
        }
    }

    private static final GoldenCase CASE = new GoldenCase("j1", "When are refunds paid?",
            "Refunds are paid within 14 days.", List.of(), List.of(), List.of(), List.of());
    private static final CaseOutput ANSWER = CaseOutput.answer("You get your money back within two weeks.",
            Usage.ZERO, null, Duration.ZERO);

    @Test
    void consistentGradesPassAndBothOrdersAreAsked() throws Exception {
        grades("{\"score\": 0.9, \"reason\": \"same meaning\"}", "```json\n{\"score\": 0.8, \"reason\": \"ok\"}\n```");

        CheckResult r = Checks.judge("Does the answer state the same fact as the reference?", 0.7)
                .evaluate(CASE, ANSWER, new EvalContext(judge));

        assertThat(r.passed()).isTrue();
        assertThat(r.score()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        String a = first.getBody().utf8();
        String b = second.getBody().utf8();
        assertThat(a.indexOf("REFERENCE:")).isLessThan(a.indexOf("ANSWER:"));
        assertThat(b.indexOf("ANSWER:")).isLessThan(b.indexOf("REFERENCE:"));
        assertThat(a).contains("same fact as the reference").contains("\"temperature\":0.0");
    }

    @Test
    void gradesThatFlipWithTheOrderFailAsPositionBias() {
        grades("{\"score\": 0.95}", "{\"score\": 0.3}");

        CheckResult r = Checks.judge("Correct?", 0.5).evaluate(CASE, ANSWER, new EvalContext(judge));

        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("position bias").contains("0.95").contains("0.30");
    }

    @Test
    void aLowGradeFailsAndAJudgeThatAnswersNonsenseIsAClearError() {
        grades("{\"score\": 0.2}", "{\"score\": 0.1}");
        assertThat(Checks.judge("Correct?", 0.7).evaluate(CASE, ANSWER, new EvalContext(judge)).passed()).isFalse();

        grades("I think it is fine.");
        GoldenRunner runner = GoldenRunner.builder(c -> ANSWER).judge(judge).parallelism(1).build();
        EvalReport report = runner.run(GoldenSet.of("s", List.of(new GoldenCase("j2", "q", "ref", List.of(), List.of(),
                List.of(Checks.judge("Correct?", 0.7)), List.of()))));
        assertThat(report.results().get(0).checks().get(0).detail()).contains("did not answer with JSON");
    }
}
