package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.guardrail.ModerationResult;
import dev.llmkit.providers.internal.Json;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiModerationModelTest {
    private static final String KEY = "sk-proj-moderationTestKey0123456789abcdefABCDEF";
    private static final String FLAGGED = """
            {"id":"modr-970d409ef3bef3b70c73d8232df86e7d","model":"omni-moderation-latest","results":[{"flagged":true,
             "categories":{"sexual":false,"hate":false,"harassment":true,"self-harm":false,"violence":true,
              "harassment/threatening":true,"illicit":false},
             "category_scores":{"sexual":0.0001,"hate":0.012,"harassment":0.81,"self-harm":0.0002,"violence":0.93,
              "harassment/threatening":0.77,"illicit":0.003},
             "category_applied_input_types":{"harassment":["text"],"violence":["text"]}}]}""";

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

    private OpenAiModerationModel model() {
        return OpenAiModerationModel.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY)
                .timeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void sendsModelAndInputWithBearerKeyAndReadsFlaggedCategoriesAndScores() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(FLAGGED).build());

        ModerationResult r = model().moderate("I will hurt you");

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/moderations");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = Json.parse(request.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("omni-moderation-latest");
        assertThat(body.path("input").asText()).isEqualTo("I will hurt you");
        assertThat(r.flagged()).isTrue();
        assertThat(r.categories()).containsExactlyInAnyOrder("harassment", "violence", "harassment/threatening");
        assertThat(r.scores()).containsEntry("violence", 0.93).hasSize(7);
        assertThat(r.maxScore()).isEqualTo(0.93);
        assertThat(r.model()).isEqualTo("omni-moderation-latest");
    }

    @Test
    void aCleanTextIsNotFlagged() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"model\":\"omni-moderation-latest\",\"results\":"
                + "[{\"flagged\":false,\"categories\":{\"hate\":false},\"category_scores\":{\"hate\":0.0003}}]}")
                .build());

        ModerationResult r = model().moderate("What is the capital of France?");

        assertThat(r.flagged()).isFalse();
        assertThat(r.categories()).isEmpty();
    }

    @Test
    void rateLimitBecomesRetryableWithRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").build());

        assertThatThrownBy(() -> model().moderate("hello"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.info().retryAfter()).contains(Duration.ofSeconds(7));
                });
    }

    @Test
    void aServerThatEchoesTheKeyNeverPutsItInTheError() {
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}").build());

        assertThatThrownBy(() -> model().moderate("hello"))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("0123456789abcdef"));
        assertThat(model().toString()).doesNotContain(KEY);
    }

    @Test
    void aResponseWithoutResultsIsATypedError() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"object\":\"list\",\"data\":[]}").build());

        assertThatThrownBy(() -> model().moderate("hello"))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("results[0].flagged");
    }

    @Test
    void aSilentServerTimesOut() {
        server.enqueue(new MockResponse.Builder().code(200).body(FLAGGED).headersDelay(5, java.util.concurrent.TimeUnit.SECONDS).build());
        OpenAiModerationModel m = OpenAiModerationModel.builder().baseUrl(server.url("/v1").toString())
                .timeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> m.moderate("hello")).isInstanceOf(LlmTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
}
