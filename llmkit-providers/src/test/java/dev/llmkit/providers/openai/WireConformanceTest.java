package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.providers.Collector;
import dev.llmkit.providers.Sse;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Wire conformance of the OpenAI-compatible client against OpenAI's published API, over real HTTP on loopback. */
class WireConformanceTest extends LoopbackServer {
    @Test
    void reasoningModelsGetMaxCompletionTokensByName() throws Exception {
        for (String model : List.of("o3-mini", "o1", "o4-mini-2025-04-16", "gpt-5-nano", "openai/o3")) {
            server.enqueue(Sse.openAiJson("ok"));
            builder(model).build().chat(ChatRequest.builder().user("hi").maxOutputTokens(50).build());
            JsonNode body = sentBody();
            assertThat(body.path("max_completion_tokens").asInt()).as(model).isEqualTo(50);
            assertThat(body.has("max_tokens")).as(model).isFalse();
        }
        for (String model : List.of("gpt-4o-mini", "Qwen/Qwen2.5-7B-Instruct", "llama3.2", "omni-7b")) {
            server.enqueue(Sse.openAiJson("ok"));
            builder(model).build().chat(ChatRequest.builder().user("hi").maxOutputTokens(50).build());
            assertThat(sentBody().path("max_tokens").asInt()).as(model).isEqualTo(50);
        }
        server.enqueue(Sse.openAiJson("ok"));
        builder("o3-mini").useMaxCompletionTokens(false).build().chat(ChatRequest.builder().user("hi").maxOutputTokens(5).build());
        assertThat(sentBody().path("max_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void aRefusalIsSurfacedAsARefusalNotAnEmptyAnswer() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                        + "\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}]}").build());
        ChatResponse sync = builder("gpt-4o").build().chat(ChatRequest.of("hi"));
        assertThat(sync.finishReason()).isEqualTo(FinishReason.REFUSAL);
        assertThat(sync.text()).isEqualTo("I can't help with that.");

        server.enqueue(Sse.stream(chunk("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}")
                + chunk("{\"refusal\":\"I can't\"}") + chunk("{\"refusal\":\" help.\"}") + "data: [DONE]\n\n"));
        Collector c = new Collector();
        builder("gpt-4o").build().stream(ChatRequest.of("hi"), c);
        assertThat(c.response().finishReason()).isEqualTo(FinishReason.REFUSAL);
        assertThat(String.join("", c.tokens)).isEqualTo("I can't help.");
    }

    @Test
    void reasoningTokensAreKeptBesideOutputTokens() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"model\":\"o3-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"4\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":200,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":192}}}").build());

        ChatResponse r = builder("o3-mini").build().chat(ChatRequest.of("2+2?"));

        assertThat(r.usage().outputTokens()).isEqualTo(200);
        assertThat(r.usage().reasoningTokens()).isEqualTo(192);
        assertThat(r.usage().visibleOutputTokens()).isEqualTo(8);
    }

    @Test
    void aServerThatIgnoresStreamTrueAndSendsOneJsonBodyIsAccepted() throws Exception {
        server.enqueue(Sse.openAiJson("Hello there"));
        Collector c = new Collector();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), c);

        assertThat(c.response().text()).isEqualTo("Hello there");
        assertThat(c.tokens).containsExactly("Hello there");
    }

    @Test
    void aReducedEmbeddingDimensionIsRequestedFromTextEmbedding3() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"data\":[{\"index\":0,\"embedding\":[0.1,0.2,0.3]}]}").build());
        OpenAiCompatibleEmbeddingModel.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY)
                .model("text-embedding-3-large").dimension(3).build().embedAll(List.of("x"));
        assertThat(sentBody().path("dimensions").asInt()).isEqualTo(3);

        server.enqueue(new MockResponse.Builder().code(200).body("{\"data\":[{\"index\":0,\"embedding\":[0.1,0.2,0.3]}]}").build());
        OpenAiCompatibleEmbeddingModel.builder().baseUrl(server.url("/v1").toString())
                .model("BAAI/bge-small-en-v1.5").dimension(3).build().embedAll(List.of("x"));
        assertThat(sentBody().has("dimensions")).isFalse();
    }
}
