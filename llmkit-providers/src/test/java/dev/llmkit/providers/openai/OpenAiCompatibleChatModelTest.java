package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatModels;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolChoice;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.api.spi.ChatModelProvider;
import dev.llmkit.providers.Collector;
import dev.llmkit.providers.Sse;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.testing.RecordingListener;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleChatModelTest {
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

    private OpenAiCompatibleChatModel.Builder builder() {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-secret-123")
                .model("gpt-4o-mini");
    }

    @Test
    void sendsTheFullRequestShapeAndParsesTheAnswer() throws Exception {
        server.enqueue(Sse.openAiJson("Hi there"));
        ToolSpec weather = ToolSpec.of("weather", "Weather for a city", Json.parse(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
                .withStrict(true);
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Hello").temperature(0.2).topP(0.9)
                .maxOutputTokens(50).stop(List.of("END")).seed(7L).tool(weather).toolChoice(ToolChoice.tool("weather"))
                .responseFormat(ResponseFormat.jsonSchema("answer", Json.parse("{\"type\":\"object\"}")))
                .parallelToolCalls(false).endUser("u-1").build();

        ChatResponse r = builder().organization("org-1").build().chat(request);

        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-secret-123");
        assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-1");
        JsonNode body = Json.parse(sent.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Hello");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.path("seed").asLong()).isEqualTo(7);
        assertThat(body.path("tools").get(0).path("function").path("name").asText()).isEqualTo("weather");
        assertThat(body.path("tools").get(0).path("function").path("strict").asBoolean()).isTrue();
        assertThat(body.path("parallel_tool_calls").isBoolean()).isTrue();
        assertThat(body.path("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.path("tool_choice").path("function").path("name").asText()).isEqualTo("weather");
        assertThat(body.path("response_format").path("json_schema").path("name").asText()).isEqualTo("answer");
        assertThat(body.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(body.path("user").asText()).isEqualTo("u-1");
        assertThat(body.has("stream")).isFalse();
        assertThat(r.text()).isEqualTo("Hi there");
        assertThat(r.usage()).isEqualTo(Usage.builder().inputTokens(12).outputTokens(5).cacheReadInputTokens(4).build());
        assertThat(r.origin().provider()).isEqualTo("openai");
        assertThat(r.origin().endpoint()).isEqualTo(server.url("/v1").toString());
        assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(r.requestId()).contains("req_sync");
    }

    @Test
    void streamsToolCallsSplitAcrossManyChunksAndDeliversEachOnce() throws Exception {
        server.enqueue(Sse.stream("""
                data: {"id":"c","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}

                data: {"id":"c","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"ci"}}]},"finish_reason":null}]}

                data: {"id":"c","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\\": \\"Paris\\"}"}}]},"finish_reason":null}]}

                data: {"id":"c","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},"finish_reason":null}]}

                : keep-alive

                data: {"id":"c","model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: {"id":"c","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":20,"total_tokens":50}}

                data: [DONE]

                """));
        Collector c = new Collector();

        builder().build().stream(ChatRequest.of("weather and time in Paris?"), c);

        ChatResponse r = c.response();
        assertThat(c.toolCalls).containsExactly(new ToolCall("call_a", "weather", "{\"city\": \"Paris\"}"),
                new ToolCall("call_b", "time", "{}"));
        assertThat(r.toolCalls()).isEqualTo(c.toolCalls);
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(Usage.of(30, 20));
        assertThat(c.tokens).isEmpty();
        assertThat(r.toolCalls().get(0).argumentsJson().path("city").asText()).isEqualTo("Paris");
    }

    @Test
    void toleratesVllmStreamsWithoutUsageAndMultiLineData() throws Exception {
        server.enqueue(Sse.stream("""
                data: {"id":"cmpl-1","object":"chat.completion.chunk","model":"Qwen/Qwen2.5-7B-Instruct","choices":[{"index":0,"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}]}

                data: {"id":"cmpl-1","object":"chat.completion.chunk","model":"Qwen/Qwen2.5-7B-Instruct",
                data: "choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}

                data: {"id":"cmpl-1","object":"chat.completion.chunk","model":"Qwen/Qwen2.5-7B-Instruct","choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}

                data: [DONE]

                """));
        Collector c = new Collector();

        builder().model("Qwen/Qwen2.5-7B-Instruct").apiKey(null).build().stream(ChatRequest.of("hi"), c);

        ChatResponse r = c.response();
        assertThat(c.tokens).containsExactly("Hello", " world");
        assertThat(r.text()).isEqualTo("Hello world");
        assertThat(r.usage()).isEqualTo(Usage.ZERO);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void parsesOllamaAnswersWithObjectArgumentsAndNullContent() {
        server.enqueue(new MockResponse.Builder().code(200).body("""
                {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"llama3.2","system_fingerprint":"fp_ollama",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_x","type":"function",
                 "function":{"name":"weather","arguments":{"city":"Oslo"}}}]},"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}
                """).build());

        ChatResponse r = builder().model("llama3.2").build().chat(ChatRequest.of("weather?"));

        assertThat(r.text()).isEmpty();
        assertThat(r.toolCalls()).containsExactly(new ToolCall("call_x", "weather", "{\"city\":\"Oslo\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void aStreamThatEndsWithoutDoneIsInterruptedNotAPartialAnswer() throws Exception {
        String full = Sse.openAiTokens(List.of("Hel", "lo", " wor"));
        server.enqueue(Sse.stream(full.substring(0, full.indexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},"))));
        Collector c = new Collector();

        builder().build().stream(ChatRequest.of("hi"), c);

        StreamInterruptedException e = (StreamInterruptedException) c.error();
        assertThat(e.partialText()).isEqualTo("Hello wor");
        assertThat(e.tokensDelivered()).isEqualTo(3);
        assertThat(e.isRetryable()).isFalse();
        assertThat(c.terminals).hasValue(1);
    }

    @Test
    void aMalformedChunkStopsTheStreamWithATypedError() throws Exception {
        server.enqueue(Sse.stream("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: {not json\n\ndata: [DONE]\n\n"));
        Collector c = new Collector();

        builder().build().stream(ChatRequest.of("hi"), c);

        assertThat(c.error()).isInstanceOf(StreamInterruptedException.class).hasMessageContaining("malformed");
        assertThat(c.tokens).containsExactly("ok");
    }

    @Test
    void aStalledStreamHitsTheIdleTimeout() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(Sse.openAiTokens(List.of("a", "b"))).onResponseBody(SocketEffect.Stall.INSTANCE).build());
        Collector c = new Collector();

        builder().idleTimeout(Duration.ofMillis(300)).build().stream(ChatRequest.of("hi"), c);

        // the first chunk may or may not arrive before the stall: either way the idle timeout ends the stream
        assertThat(c.error()).hasMessageContaining("did not answer in time");
        assertThat(c.terminals).hasValue(1);
    }

    @Test
    void aServerThatNeverAnswersHitsTheIdleTimeoutAsARetryableTimeout() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("x").onResponseStart(SocketEffect.Stall.INSTANCE).build());
        Collector c = new Collector();

        builder().idleTimeout(Duration.ofMillis(300)).build().stream(ChatRequest.of("hi"), c);

        assertThat(c.error()).isInstanceOf(LlmTimeoutException.class);
        assertThat(c.error().isRetryable()).isTrue();
    }

    @Test
    void aConnectionDroppedBeforeTheBodyIsARetryableFailure() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(Sse.openAiTokens(List.of("a")))
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        Collector c = new Collector();

        builder().build().stream(ChatRequest.of("hi"), c);

        assertThat(c.error().isRetryable()).isTrue();
        assertThat(c.tokens).isEmpty();
    }

    @Test
    void cancellingTheHandleStopsCallbacksAndClosesTheConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(Sse.openAiTokens(List.of("a", "b", "c", "d", "e", "f")))
                .throttleBody(60, 200, TimeUnit.MILLISECONDS).build());
        Collector c = new Collector();

        StreamHandle handle = builder().build().stream(ChatRequest.of("hi"), c);
        server.takeRequest(5, TimeUnit.SECONDS);
        handle.cancel();
        Thread.sleep(600);

        assertThat(handle.isCancelled()).isTrue();
        assertThat(c.terminals).hasValue(0);
        assertThat(c.tokens.size()).isLessThan(6);
    }

    @Test
    void reportsTimeToFirstTokenAndCostToListeners() throws Exception {
        server.enqueue(Sse.stream(Sse.openAiTokens(List.of("a", "b"))));
        RecordingListener events = new RecordingListener();
        Collector c = new Collector();

        builder().listener(events).prices(new BigDecimal("1.00"), new BigDecimal("2.00")).build()
                .stream(ChatRequest.of("hi"), c);

        ChatResponse r = c.response();
        assertThat(r.timeToFirstToken()).isPresent();
        assertThat(r.latency()).isGreaterThanOrEqualTo(r.timeToFirstToken().get());
        assertThat(events.of(FirstTokenEvent.class)).hasSize(1);
        ResponseEvent e = events.of(ResponseEvent.class).get(0);
        assertThat(e.cost()).hasValueSatisfying(cost -> assertThat(cost).isEqualByComparingTo("0.000016"));
    }

    @Test
    void twoHundredParallelStreamsEachGetTheirOwnText() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String q;
                try {
                    q = Json.parse(request.getBody().utf8()).path("messages").get(0).path("content").asText();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                String n = q.replaceAll(".*question (\\d+).*", "$1");
                return Sse.stream(Sse.openAiTokens(List.of("answer ", n)));
            }
        });
        ChatModel model = builder().build();
        List<Collector> collectors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Collector c = new Collector();
            collectors.add(c);
            model.stream(ChatRequest.of("question " + i + " please"), c);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(collectors.get(i).response().text()).isEqualTo("answer " + i);
            assertThat(collectors.get(i).terminals).hasValue(1);
        }
    }

    @Test
    void theApiKeyNeverAppearsInToStringOrErrors() {
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"error\":{\"message\":\"Incorrect API key provided: sk-secr***123\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
                .build());
        OpenAiCompatibleChatModel model = builder().build();

        assertThat(model.toString()).doesNotContain("sk-secret-123").contains("****");
        assertThat(builder().toString()).doesNotContain("sk-secret-123");
        assertThatThrownBy(() -> model.chat(ChatRequest.of("hi")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret-123"));
    }

    @Test
    void createsModelsFromSpecsThroughTheServiceLoader() {
        ChatModel vllm = ChatModels.create("vllm:qwen2.5", Map.of(ChatModelProvider.BASE_URL, server.url("/v1").toString()));
        server.enqueue(Sse.openAiJson("from vllm"));

        assertThat(vllm.chat("hi")).isEqualTo("from vllm");
        assertThat(vllm.info().provider()).isEqualTo("vllm");
        var previous = dev.llmkit.providers.internal.Env.use(name -> null);
        try {
            assertThatThrownBy(() -> ChatModels.create("openai:gpt-4o-mini", Map.of(ChatModelProvider.API_KEY, " ")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("OPENAI_API_KEY");
        } finally {
            dev.llmkit.providers.internal.Env.use(previous);
        }
    }
}
