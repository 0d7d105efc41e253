package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.contract.EmbeddingModelContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The embedding contract over real HTTP: a loopback server answers with {@link FakeEmbeddingModel}'s vectors. */
class OpenAiCompatibleEmbeddingContractTest extends EmbeddingModelContract {
    private static final FakeEmbeddingModel VECTORS = new FakeEmbeddingModel(16);
    private MockWebServer server;
    private EmbeddingModel model;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode input = Json.parse(request.getBody().utf8()).path("input");
                    List<String> texts = new ArrayList<>();
                    input.forEach(t -> texts.add(t.asText()));
                    StringBuilder data = new StringBuilder();
                    List<float[]> vectors = VECTORS.embedAll(texts);
                    for (int i = 0; i < vectors.size(); i++) {
                        data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                                .append(",\"embedding\":").append(Json.write(Json.MAPPER.valueToTree(vectors.get(i))))
                                .append("}");
                    }
                    return new MockResponse.Builder().code(200).body("{\"object\":\"list\",\"data\":[" + data
                            + "],\"model\":\"m\",\"usage\":{\"prompt_tokens\":" + texts.size() + ",\"total_tokens\":"
                            + texts.size() + "}}").build();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        server.start();
        model = OpenAiCompatibleEmbeddingModel.builder().baseUrl(server.url("/v1").toString()).model("m")
                .dimension(16).maxBatchSize(2).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected EmbeddingModel model() {
        return model;
    }
}
