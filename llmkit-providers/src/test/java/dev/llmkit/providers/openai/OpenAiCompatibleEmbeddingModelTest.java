package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.providers.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleEmbeddingModelTest {
    private MockWebServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        // answers each input with [len(text), index], in reverse order to check that results are re-sorted
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                try {
                    JsonNode input = Json.parse(request.getBody().utf8()).path("input");
                    StringBuilder data = new StringBuilder();
                    for (int i = input.size() - 1; i >= 0; i--) {
                        data.append(data.length() == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                                .append(",\"embedding\":[").append(input.get(i).asText().length()).append(",").append(i).append("]}");
                    }
                    return new MockResponse.Builder().code(200).body("{\"object\":\"list\",\"data\":[" + data
                            + "],\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}").build();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void splitsIntoBatchesAndKeepsTheInputOrder() {
        OpenAiCompatibleEmbeddingModel model = OpenAiCompatibleEmbeddingModel.builder()
                .baseUrl(server.url("/v1").toString()).model("m").dimension(2).maxBatchSize(2).build();

        List<float[]> vectors = model.embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee"));

        assertThat(requests).hasValue(3);
        assertThat(vectors).extracting(v -> (int) v[0]).containsExactly(1, 2, 3, 4, 5);
        assertThat(vectors).extracting(v -> (int) v[1]).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void aWrongDimensionIsReportedClearly() {
        OpenAiCompatibleEmbeddingModel model = OpenAiCompatibleEmbeddingModel.builder()
                .baseUrl(server.url("/v1").toString()).model("m").dimension(3).build();

        assertThatThrownBy(() -> model.embed("x")).isInstanceOf(LlmException.class)
                .hasMessageContaining("configured with dimension 3");
    }
}
