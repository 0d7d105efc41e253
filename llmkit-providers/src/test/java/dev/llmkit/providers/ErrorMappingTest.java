package dev.llmkit.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.ConnectionException;
import dev.llmkit.api.error.ContextLengthExceededException;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ModelNotFoundException;
import dev.llmkit.api.error.OverloadedException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
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

    private LlmException fail(MockResponse response) {
        server.enqueue(response);
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString())
                .apiKey("sk-key").model("m").idleTimeout(Duration.ofSeconds(2)).build();
        return catchThrowableOfType(LlmException.class, () -> model.chat(ChatRequest.of("hi")));
    }

    @ParameterizedTest
    @CsvSource({
        "400, InvalidRequestException, false",
        "401, AuthenticationException, false",
        "403, AuthenticationException, false",
        "404, ModelNotFoundException, false",
        "408, LlmTimeoutException, true",
        "409, InvalidRequestException, false",
        "422, InvalidRequestException, false",
        "429, RateLimitedException, true",
        "500, ServerErrorException, true",
        "502, ServerErrorException, true",
        "503, ServerErrorException, true",
        "504, ServerErrorException, true",
        "529, OverloadedException, true"})
    void mapsEveryStatusToItsType(int status, String type, boolean retryable) {
        LlmException e = fail(new MockResponse.Builder().code(status).addHeader("x-request-id", "req_42")
                .body("{\"error\":{\"message\":\"upstream says no\",\"type\":\"x\"}}").build());

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.statusCode()).contains(status);
        assertThat(e.requestId()).contains("req_42");
        assertThat(e.provider()).contains("openai");
        assertThat(e.getMessage()).contains("HTTP " + status).contains("upstream says no").contains("req_42");
    }

    @Test
    void detectsContextLengthFromTheBody() {
        LlmException openai = fail(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"This model's maximum"
                + " context length is 8192 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}").build());
        LlmException vllm = fail(new MockResponse.Builder().code(400).body("{\"object\":\"error\",\"message\":\"This model's"
                + " maximum context length is 4096 tokens. However, you requested 5000 tokens\",\"type\":\"BadRequestError\","
                + "\"code\":400}").build());

        assertThat(openai).isInstanceOf(ContextLengthExceededException.class);
        assertThat(vllm).isInstanceOf(ContextLengthExceededException.class).hasMessageContaining("4096");
    }

    @Test
    void keepsRetryAfterInSecondsAndRateLimitHeaders() {
        LlmException e = fail(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .addHeader("x-ratelimit-remaining-requests", "0").addHeader("x-ratelimit-reset-requests", "6.5s")
                .body("{\"error\":{\"message\":\"Rate limit reached\"}}").build());

        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.info().rateLimits()).containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "6.5s");
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        LlmException e = fail(new MockResponse.Builder().code(503).addHeader("Retry-After", date).body("busy").build());

        assertThat(e).isInstanceOf(ServerErrorException.class);
        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31)));
    }

    @Test
    void prefersRetryAfterMs() {
        LlmException e = fail(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500")
                .addHeader("Retry-After", "2").body("{}").build());

        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void ollamaStyleStringErrorsAreQuoted() {
        LlmException e = fail(new MockResponse.Builder().code(404).body("{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}").build());

        assertThat(e).isInstanceOf(ModelNotFoundException.class).hasMessageContaining("try pulling it first");
    }

    @Test
    void aRefusedConnectionIsARetryableConnectionException() throws IOException {
        int port = server.getPort();
        server.close();
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder().baseUrl("http://127.0.0.1:" + port + "/v1")
                .model("m").connectTimeout(Duration.ofSeconds(2)).build();

        LlmException e = catchThrowableOfType(LlmException.class, () -> model.chat(ChatRequest.of("hi")));

        assertThat(e).isInstanceOf(ConnectionException.class).hasMessageContaining("Check the base URL");
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void aSlowServerTimesOut() {
        LlmException e = fail(new MockResponse.Builder().code(200).body("{}").headersDelay(5, java.util.concurrent.TimeUnit.SECONDS).build());

        assertThat(e).isInstanceOf(LlmTimeoutException.class);
    }
}
