package dev.llmkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Origin;
import dev.llmkit.api.RateLimitState;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.Usage;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.providers.anthropic.AnthropicChatModel;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.testing.RecordingListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who answered and what is left: every response names its provider, endpoint and deployment and carries the
 * provider's rate-limit headers on success, streamed or not; prompt-cache tokens and strict or serial tool settings
 * reach the wire and the bill.
 */
class WhoAnsweredTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse withOpenAiLimits(MockResponse response) {
        return response.newBuilder().addHeader("x-ratelimit-limit-requests", "500")
                .addHeader("x-ratelimit-remaining-requests", "499").addHeader("x-ratelimit-reset-requests", "120ms")
                .addHeader("x-ratelimit-limit-tokens", "200000").addHeader("x-ratelimit-remaining-tokens", "199000")
                .addHeader("x-ratelimit-reset-tokens", "6m0s").build();
    }

    @Test
    void twoDeploymentsOfOneModelAreToldApartAndCarryTheirRateLimits() {
        server.enqueue(withOpenAiLimits(Sse.openAiJson("a")));
        server.enqueue(withOpenAiLimits(Sse.stream(Sse.openAiTokens(List.of("b")))));
        String base = server.url("/v1").toString();
        OpenAiCompatibleChatModel gpuA = OpenAiCompatibleChatModel.builder().baseUrl(base).model("llama")
                .provider("vllm").deployment("llama-gpu-a").build();
        OpenAiCompatibleChatModel gpuB = OpenAiCompatibleChatModel.builder().baseUrl(base).model("llama")
                .provider("vllm").deployment("llama-gpu-b").build();

        ChatResponse sync = gpuA.chat(ChatRequest.of("hi"));
        ChatResponse streamed = gpuB.chatAsync(ChatRequest.of("hi")).join();

        assertThat(sync.origin()).isEqualTo(Origin.of("vllm", base).withDeployment("llama-gpu-a"));
        assertThat(streamed.origin().deployment()).contains("llama-gpu-b");
        assertThat(sync.origin()).isNotEqualTo(streamed.origin());
        for (ChatResponse r : List.of(sync, streamed)) {
            RateLimitState limits = r.rateLimit();
            assertThat(limits.limitRequests()).hasValue(500);
            assertThat(limits.remainingRequests()).hasValue(499);
            assertThat(limits.resetRequests()).contains(Duration.ofMillis(120));
            assertThat(limits.limitTokens()).hasValue(200_000);
            assertThat(limits.remainingTokens()).hasValue(199_000);
            assertThat(limits.resetTokens()).contains(Duration.ofMinutes(6));
        }
    }

    @Test
    void aResponseWithoutRateLimitHeadersSaysSoAndAMalformedHeaderNeverFailsTheCall() {
        server.enqueue(Sse.openAiJson("a"));
        server.enqueue(Sse.openAiJson("b").newBuilder().addHeader("x-ratelimit-remaining-requests", "lots")
                .addHeader("x-ratelimit-reset-requests", "soon").build());
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString())
                .model("m").build();

        assertThat(model.chat(ChatRequest.of("hi")).rateLimit()).isEqualTo(RateLimitState.NONE);
        ChatResponse b = model.chat(ChatRequest.of("hi"));
        assertThat(b.text()).isEqualTo("b");
        assertThat(b.rateLimit().remainingRequests()).isEmpty();
        assertThat(b.rateLimit().resetRequests()).isEmpty();
    }

    @Test
    void theEndpointInTheOriginNeverCarriesCredentials() {
        server.enqueue(Sse.openAiJson("a"));
        String withUser = server.url("/v1").newBuilder().username("user").password("pw").build().toString();
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder().baseUrl(withUser).model("m").build();

        ChatResponse r = model.chat(ChatRequest.of("hi"));

        assertThat(r.origin().endpoint()).doesNotContain("pw").doesNotContain("user@");
    }

    @Test
    void anthropicReportsCacheWritesRateLimitsAndPricesCachedInputApart() throws Exception {
        Instant reset = Instant.now().plus(30, ChronoUnit.SECONDS);
        server.enqueue(new MockResponse.Builder().code(200)
                .addHeader("anthropic-ratelimit-requests-limit", "50")
                .addHeader("anthropic-ratelimit-requests-remaining", "49")
                .addHeader("anthropic-ratelimit-requests-reset", reset.toString())
                .addHeader("anthropic-ratelimit-input-tokens-limit", "40000")
                .addHeader("anthropic-ratelimit-input-tokens-remaining", "39000")
                .body("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":100,\"cache_creation_input_tokens\":1000,"
                        + "\"cache_read_input_tokens\":2000,\"output_tokens\":10}}").build());
        RecordingListener events = new RecordingListener();
        AnthropicChatModel model = AnthropicChatModel.builder().baseUrl(server.url("/").toString()).apiKey("sk-ant-x")
                .model("claude-x").prices(new BigDecimal("3"), new BigDecimal("15"))
                .cachePrices(new BigDecimal("0.30"), new BigDecimal("3.75")).listener(events).build();

        ChatResponse r = model.chat(ChatRequest.of("hi"));

        assertThat(r.usage()).isEqualTo(Usage.builder().inputTokens(3100).outputTokens(10)
                .cacheReadInputTokens(2000).cacheWriteInputTokens(1000).build());
        assertThat(r.rateLimit().remainingRequests()).hasValue(49);
        assertThat(r.rateLimit().remainingTokens()).hasValue(39_000);
        assertThat(r.rateLimit().resetRequests()).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31)));
        assertThat(r.origin().provider()).isEqualTo("anthropic");
        // 100 x 3 + 2000 x 0.30 + 1000 x 3.75 + 10 x 15, per million
        BigDecimal expected = new BigDecimal("0.0048");
        assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(expected));
        assertThat(events.events().stream().filter(ResponseEvent.class::isInstance).map(ResponseEvent.class::cast)
                .findFirst().orElseThrow().cost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(expected));
        assertThat(ModelInfo.of("anthropic", "claude-x").withPrices(new BigDecimal("3"), new BigDecimal("15"))
                .cost(r.usage())).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.00945"));
    }

    @Test
    void anthropicGetsStrictToolsWithTheirBetaAndSerialToolUse() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}").build());
        AnthropicChatModel model = AnthropicChatModel.builder().baseUrl(server.url("/").toString()).apiKey("sk-ant-x")
                .model("claude-x").build();
        ToolSpec tool = ToolSpec.noParameters("now", "The time").withStrict(true);

        model.chat(ChatRequest.builder().user("time?").tool(tool).parallelToolCalls(false).build());

        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode body = Json.parse(sent.getBody().utf8());
        assertThat(sent.getHeaders().get("anthropic-beta")).isEqualTo("structured-outputs-2025-11-13");
        assertThat(body.path("tools").get(0).path("strict").asBoolean()).isTrue();
        assertThat(body.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
    }
}
