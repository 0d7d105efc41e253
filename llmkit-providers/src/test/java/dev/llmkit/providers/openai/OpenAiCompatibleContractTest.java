package dev.llmkit.providers.openai;

import dev.llmkit.api.ChatModel;
import dev.llmkit.providers.Sse;
import dev.llmkit.testing.contract.ChatModelContract;
import dev.llmkit.api.event.ChatModelListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class OpenAiCompatibleContractTest extends ChatModelContract {
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

    private ChatModel model() {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test")
                .model("gpt-4o-mini").build();
    }

    @Override
    protected ChatModel modelAnswering(String text) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getBody().utf8().contains("\"stream\":true")
                        ? Sse.stream(Sse.openAiTokens(Sse.words(text)))
                        : Sse.openAiJson(text);
            }
        });
        return model();
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(503)
                        .body("{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}").build();
            }
        });
        return model();
    }

    @Override
    protected ChatModel modelAnswering(String text, ChatModelListener listener) {
        modelAnswering(text);
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test")
                .model("gpt-4o-mini").listener(listener).build();
    }

    @Override
    protected ChatModel modelStalling(Duration firstTokenTimeout, ChatModelListener listener) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return Sse.openAiJson("too late").newBuilder().headersDelay(5, TimeUnit.SECONDS).build();
            }
        });
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test")
                .model("gpt-4o-mini").idleTimeout(firstTokenTimeout).firstTokenTimeout(firstTokenTimeout)
                .listener(listener).build();
    }
}
