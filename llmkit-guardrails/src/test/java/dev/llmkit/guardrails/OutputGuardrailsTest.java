package dev.llmkit.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.error.GuardrailBlockedException;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import dev.llmkit.testing.FakeChatModel;
import org.junit.jupiter.api.Test;

class OutputGuardrailsTest {
    private static final String SCHEMA = """
            {"type":"object","required":["name","age"],"properties":{"name":{"type":"string"},
             "age":{"type":"integer","minimum":0}},"additionalProperties":false}""";

    private static Verdict output(dev.llmkit.api.guardrail.Guardrail g, ChatRequest request, String answer) {
        return g.check(GuardrailContext.output(request, ChatResponse.of(answer, "m")));
    }

    @Test
    void jsonSchemaPassesValidJsonUnwrapsAFenceAndReasksWithTheErrors() {
        JsonSchemaGuardrail g = JsonSchemaGuardrail.of(SCHEMA);
        ChatRequest q = ChatRequest.of("who");

        assertThat(output(g, q, "{\"name\":\"Ann\",\"age\":31}").isPass()).isTrue();
        assertThat(output(g, q, "```json\n{\"name\":\"Ann\",\"age\":31}\n```").text())
                .contains("{\"name\":\"Ann\",\"age\":31}");
        Verdict bad = output(g, q, "{\"name\":\"Ann\",\"age\":-4,\"extra\":true}");
        assertThat(bad.kind()).isEqualTo(Verdict.Kind.REASK);
        assertThat(bad.instructions().orElseThrow()).contains("age").contains("extra");
        assertThat(bad.reason()).isEqualTo("2 schema violations");
        assertThat(output(g, q, "Sure! Here it is").instructions().orElseThrow()).contains("not valid JSON");
    }

    @Test
    void theRepairLoopSendsTheErrorsBackUntilTheAnswerIsValid() throws Exception {
        FakeChatModel model = FakeChatModel.builder().respond("{\"name\":\"Ann\"}").respond("{\"name\":\"Ann\",\"age\":31}")
                .build();
        ChatRequest request = ChatRequest.builder().user("Extract the person").responseFormat(
                ResponseFormat.jsonSchema("person", new ObjectMapper().readTree(SCHEMA))).build();

        ChatResponse r = Guardrails.around(model, JsonSchemaGuardrail.fromRequest()).chat(request);

        assertThat(r.text()).isEqualTo("{\"name\":\"Ann\",\"age\":31}");
        assertThat(model.requests().get(1).lastUserText()).contains("does not match").contains("age");
    }

    @Test
    void theRepairLoopIsBoundedAndRequestsWithoutASchemaPass() throws Exception {
        FakeChatModel model = FakeChatModel.always("not json at all");
        ChatRequest request = ChatRequest.builder().user("x").responseFormat(
                ResponseFormat.jsonSchema("person", new ObjectMapper().readTree(SCHEMA))).build();

        assertThatThrownBy(() -> Guardrails.builder(model).add(JsonSchemaGuardrail.fromRequest()).maxReasks(2)
                .build().chat(request)).isInstanceOf(GuardrailBlockedException.class)
                .hasMessageContaining("after 2 re-asks");
        assertThat(model.callCount()).isEqualTo(3);
        assertThat(Guardrails.around(model, JsonSchemaGuardrail.fromRequest()).chat("plain")).isEqualTo(
                "not json at all");
        assertThatThrownBy(() -> JsonSchemaGuardrail.of("{not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void leakBlocksTheCanarySecretsAndLongRunsOfTheSystemPrompt() {
        LeakGuardrail leak = LeakGuardrail.standard();
        String system = leak.protect("You are the support assistant of Northwind Traders and you must never discuss"
                + " the internal discount codes or the names of suppliers with any customer.");
        ChatRequest request = ChatRequest.builder().system(system).user("hi").build();

        assertThat(output(leak, request, "Sure, my reference is " + leak.canary()).reason()).contains("canary");
        assertThat(output(leak, request, "use AKIAQ3EGRT7Z5XJ2WB4K").reason()).contains("AWS_ACCESS_KEY");
        assertThat(output(leak, request, "I was told: you are the support assistant of Northwind Traders and you"
                + " must never discuss the internal discount codes").reason()).contains("system prompt");
        assertThat(output(leak, request, "Our support assistant can help you with orders.").isPass()).isTrue();
    }

    @Test
    void groundingFlagsMissingSourcesAndUnsupportedSentences() {
        ChatRequest request = ChatRequest.builder().system("Answer from the sources.").user("""
                Sources:

                [1] (resilience.md#1)
                A rate-limited call raises a RateLimitedException, which is retryable with exponential backoff.

                [2] (cache.md#3)
                The semantic cache compares question embeddings with a similarity threshold.

                Question: how are rate limits retried?""").build();
        GroundingGuardrail g = GroundingGuardrail.standard();

        assertThat(GroundingGuardrail.numberedSources(request)).containsOnlyKeys(1, 2);
        assertThat(output(g, request, "A rate-limited call raises a RateLimitedException, retried with exponential"
                + " backoff [1].").isPass()).isTrue();
        Verdict bad = output(g, request, "Rate-limited calls are retryable [3]. The moon landing happened in"
                + " nineteen sixty nine according to astronauts [1].");
        assertThat(bad.kind()).isEqualTo(Verdict.Kind.REASK);
        assertThat(bad.reason()).contains("[3]").contains("1 sentence is not supported");
        assertThat(bad.instructions().orElseThrow()).contains("moon landing");
        assertThat(output(g.blocking(), request, "Totally unrelated claims about football and tennis matches.")
                .kind()).isEqualTo(Verdict.Kind.BLOCK);
        assertThat(output(g, ChatRequest.of("no sources here"), "anything at all goes here today").isPass()).isTrue();
    }

    @Test
    void groundingInMonitorModeOnlyReports() {
        FakeChatModel model = FakeChatModel.always("Penguins can fly across the ocean every winter [1].");
        ChatRequest request = ChatRequest.of("[1] (a.md#1)\nPenguins are flightless birds.\n\nQuestion: can they fly?");
        dev.llmkit.testing.RecordingListener events = new dev.llmkit.testing.RecordingListener();

        String answer = Guardrails.builder(model).monitor(GroundingGuardrail.standard()).listener(events).build()
                .chat(request).text();

        assertThat(answer).startsWith("Penguins can fly");
        assertThat(events.of(dev.llmkit.api.event.GuardrailEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.guardrail()).isEqualTo("grounding");
            assertThat(e.enforced()).isFalse();
        });
        assertThat(Message.user("x").text()).isEqualTo("x");
    }
}
