package dev.llmkit.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import dev.llmkit.testing.FakeChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Masked values stay masked across an agent's turns, and edge cases of the output and stream paths. */
class ReviewFixesTest {

    @Test
    void toolResultsAreMaskedWithoutCollisionsAndRestoredInTheNextToolCall() {
        ToolCall a = new ToolCall("a", "lookup", "{}");
        ToolCall b = new ToolCall("b", "lookup", "{}");
        ChatRequest request = ChatRequest.of(List.of(UserMessage.of("Who are our contacts?"),
                AssistantMessage.ofToolCalls(List.of(a, b)), ToolResultMessage.of(a, "ann@example.com"),
                ToolResultMessage.of(b, "bob@example.org")));
        FakeChatModel model = FakeChatModel.builder().then(FakeChatModel.Step.toolCalls(new ToolCall("c", "send",
                "{\"to\":\"<EMAIL_2>\"}"))).build();

        ChatResponse r = Guardrails.around(model, PiiGuardrail.masking()).chat(request);

        List<Message> sent = model.requests().get(0).messages();
        assertThat(sent.get(2).text()).isEqualTo("<EMAIL_1>");
        assertThat(sent.get(3).text()).isEqualTo("<EMAIL_2>");
        assertThat(r.toolCalls().get(0).arguments()).isEqualTo("{\"to\":\"bob@example.org\"}");
    }

    @Test
    void earlierAnswersRestoredForTheCallerAreMaskedAgainBeforeTheNextCall() {
        ChatRequest step2 = ChatRequest.of(List.of(UserMessage.of("Write to ann@example.com"),
                new AssistantMessage("Writing to ann@example.com now.", List.of(new ToolCall("1", "email",
                        "{\"to\":\"ann@example.com\"}"))),
                new ToolResultMessage("1", "email", "sent", false)));
        FakeChatModel model = FakeChatModel.always("Done.");

        Guardrails.around(model, PiiGuardrail.masking()).chat(step2);

        String wire = model.requests().get(0).messages().toString() + model.requests().get(0).messages().stream()
                .map(m -> m instanceof AssistantMessage am ? am.text() + am.toolCalls() : m.text()).toList();
        assertThat(wire).doesNotContain("ann@example.com").contains("<EMAIL_1>");
    }

    @Test
    void jsonWithTrailingTextIsNotValidAndAnAnswerThatCallsToolsIsNotJudged() {
        JsonSchemaGuardrail g = JsonSchemaGuardrail.of("{\"type\":\"object\"}");
        ChatRequest q = ChatRequest.of("x");

        Verdict trailing = g.check(GuardrailContext.output(q, ChatResponse.of("{\"a\":1}\nHope this helps!", "m")));
        Verdict tools = g.check(GuardrailContext.output(q, ChatResponse.builder().message(AssistantMessage
                .ofToolCalls(List.of(new ToolCall("1", "t", "{}")))).build()));

        assertThat(trailing.kind()).isEqualTo(Verdict.Kind.REASK);
        assertThat(tools.isPass()).isTrue();
    }

    @Test
    void aHandlerThatThrowsOnTheLastHeldBackTextGetsOneError() {
        FakeChatModel model = FakeChatModel.builder().stream("short ", "answer").build();
        Recorder r = new Recorder() {
            @Override
            public void onToken(String token) {
                throw new IllegalStateException("handler bug");
            }
        };

        Guardrails.around(model, LeakGuardrail.standard()).stream(ChatRequest.of("hi"), r);

        assertThat(r.terminals).hasValue(1);
        assertThat(r.error).hasCauseInstanceOf(IllegalStateException.class);
    }
}
