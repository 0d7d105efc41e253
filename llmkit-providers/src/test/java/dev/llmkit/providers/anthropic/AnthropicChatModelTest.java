package dev.llmkit.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.error.OverloadedException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.providers.Collector;
import dev.llmkit.providers.Sse;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.testing.contract.ChatModelContract;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicChatModelTest extends ChatModelContract {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicChatModel model() {
        return AnthropicChatModel.builder().baseUrl(server.url("/").toString()).apiKey("sk-ant-secret")
                .model("claude-3-5-haiku-latest").build();
    }

    static String streamOf(String... tokens) {
        StringBuilder sb = new StringBuilder("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[],"stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: ping
                data: {"type": "ping"}

                """);
        for (String t : tokens) {
            sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":")
                    .append(Sse.json(t)).append("}}\n\n");
        }
        sb.append("""
                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

                event: message_stop
                data: {"type":"message_stop"}

                """);
        return sb.toString();
    }

    static MockResponse json(String text) {
        return new MockResponse.Builder().code(200).addHeader("request-id", "req_ant").body("{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[{\"type\":\"text\",\"text\":"
                + Sse.json(text) + "}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":25,\"output_tokens\":15}}").build();
    }

    @Override
    protected ChatModel modelAnswering(String text, dev.llmkit.api.event.ChatModelListener listener) {
        modelAnswering(text);
        return AnthropicChatModel.builder().baseUrl(server.url("/").toString()).apiKey("sk-ant-secret")
                .model("claude-3-5-haiku-latest").listener(listener).build();
    }

    @Override
    protected ChatModel modelStalling(java.time.Duration firstTokenTimeout,
            dev.llmkit.api.event.ChatModelListener listener) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json("too late").newBuilder().headersDelay(5, TimeUnit.SECONDS).build();
            }
        });
        return AnthropicChatModel.builder().baseUrl(server.url("/").toString()).apiKey("sk-ant-secret")
                .model("claude-3-5-haiku-latest").idleTimeout(firstTokenTimeout).firstTokenTimeout(firstTokenTimeout)
                .listener(listener).build();
    }

    @Override
    protected ChatModel modelAnswering(String text) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getBody().utf8().contains("\"stream\":true")
                        ? Sse.stream(streamOf(Sse.words(text).toArray(String[]::new))) : json(text);
            }
        });
        return model();
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(500)
                        .body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}")
                        .build();
            }
        });
        return model();
    }

    @Test
    void sendsSystemToolsAndGroupedToolResultsTheWayTheApiWants() throws Exception {
        server.enqueue(json("It is sunny."));
        ToolCall a = new ToolCall("toolu_1", "weather", "{\"city\":\"Paris\"}");
        ToolCall b = new ToolCall("toolu_2", "weather", "{\"city\":\"Rome\"}");
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Weather in Paris and Rome?")
                .message(AssistantMessage.ofToolCalls(java.util.List.of(a, b)))
                .message(ToolResultMessage.of(a, "sunny")).message(ToolResultMessage.of(b, "rain"))
                .tool(ToolSpec.of("weather", "Weather", Json.parse("{\"type\":\"object\"}"))).build();

        ChatResponse r = model().chat(request);

        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("sk-ant-secret");
        assertThat(sent.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = Json.parse(sent.getBody().utf8());
        assertThat(body.path("system").asText()).isEqualTo("Be brief.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.path("messages").get(1).path("content").get(1).path("input").path("city").asText()).isEqualTo("Rome");
        JsonNode results = body.path("messages").get(2).path("content");
        assertThat(results).hasSize(2);
        assertThat(results.get(1).path("tool_use_id").asText()).isEqualTo("toolu_2");
        assertThat(body.path("tools").get(0).path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(r.text()).isEqualTo("It is sunny.");
        assertThat(r.usage()).isEqualTo(Usage.of(25, 15));
        assertThat(r.requestId()).contains("req_ant");
    }

    @Test
    void streamsToolUseWithPartialJson() throws Exception {
        server.enqueue(Sse.stream("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_2","model":"claude-3-5-haiku-20241022","usage":{"input_tokens":40,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_9","name":"weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Pa"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":30}}

                event: message_stop
                data: {"type":"message_stop"}

                """));
        Collector c = new Collector();

        model().stream(ChatRequest.of("weather?"), c);

        ChatResponse r = c.response();
        assertThat(c.tokens).containsExactly("Checking.");
        assertThat(c.toolCalls).containsExactly(new ToolCall("toolu_9", "weather", "{\"city\": \"Paris\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(Usage.of(40, 30));
        assertThat(r.model()).isEqualTo("claude-3-5-haiku-20241022");
    }

    @Test
    void anOverloadedErrorEventBeforeTokensIsRetryableAfterTokensIsInterrupted() throws Exception {
        String error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        server.enqueue(Sse.stream(error));
        server.enqueue(Sse.stream(streamOf("Hel", "lo").substring(0, streamOf("Hel", "lo").indexOf("event: content_block_stop")) + error));
        Collector first = new Collector();
        Collector second = new Collector();

        model().stream(ChatRequest.of("hi"), first);
        assertThat(first.error()).isInstanceOf(OverloadedException.class);
        assertThat(first.error().isRetryable()).isTrue();
        model().stream(ChatRequest.of("hi"), second);

        StreamInterruptedException e = (StreamInterruptedException) second.error();
        assertThat(e.partialText()).isEqualTo("Hello");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void needsAKeyAndNeverShowsIt() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().model("m").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ANTHROPIC_API_KEY");
        assertThat(model().toString()).doesNotContain("sk-ant-secret");
    }
}
