package dev.llmkit.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.providers.Collector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Messages API cannot express is refused or sent back as it came, never dropped. */
class AnthropicWireTest {

    @Test
    void malformedToolArgumentsFromAnotherModelAreSentBackVerbatimSoTheConversationContinues() {
        ChatRequest r = ChatRequest.builder().messages(List.of(
                UserMessage.of("weather?"),
                new AssistantMessage("", List.of(new ToolCall("c1", "weather", "{\"city\": \"Par"))),
                ToolResultMessage.of(new ToolCall("c1", "weather", "{}"), "error: arguments were malformed"))).build();

        JsonNode body = AnthropicWire.request(r, "claude-sonnet-4", 1024, false);

        JsonNode input = body.path("messages").path(1).path("content").path(0).path("input");
        assertThat(input.isObject()).isTrue();
        assertThat(input.path(AnthropicWire.RAW_ARGUMENTS).asText()).isEqualTo("{\"city\": \"Par");
    }

    @Test
    void wellFormedArgumentsGoAsTheInputObject() {
        ChatRequest r = ChatRequest.builder().messages(List.of(UserMessage.of("weather?"),
                new AssistantMessage("", List.of(new ToolCall("c1", "weather", "{\"city\":\"Paris\"}"))),
                ToolResultMessage.of(new ToolCall("c1", "weather", "{}"), "sunny"))).build();

        JsonNode input = AnthropicWire.request(r, "claude", 1024, false).path("messages").path(1).path("content").path(0)
                .path("input");

        assertThat(input.path("city").asText()).isEqualTo("Paris");
    }

    @Test
    void aJsonResponseFormatIsRefusedInsteadOfSilentlyDropped() throws Exception {
        ChatRequest r = ChatRequest.builder().user("json please").responseFormat(ResponseFormat.JSON_OBJECT).build();
        assertThatThrownBy(() -> AnthropicWire.request(r, "claude", 1024, false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tool");

        AnthropicChatModel model = AnthropicChatModel.builder().baseUrl("http://127.0.0.1:9/").apiKey("sk-ant-x")
                .model("claude").build();
        Collector c = new Collector();
        model.stream(r, c);
        assertThat(c.error()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> model.chat(r)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aRefusalStopReasonIsARefusal() {
        assertThat(AnthropicWire.finishReason("refusal")).isEqualTo(FinishReason.REFUSAL);
    }
}
