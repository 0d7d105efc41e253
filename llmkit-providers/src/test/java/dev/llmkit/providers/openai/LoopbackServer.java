package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.providers.internal.Json;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer on loopback per test, a client for it with a key that must never leak, and stream-chunk helpers. */
abstract class LoopbackServer {
    static final String KEY = "sk-proj-Zx81kLmQ0aB7cD9eF2gH4iJ6";
    MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OpenAiCompatibleChatModel.Builder builder(String model) {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY).model(model);
    }

    static String chunk(String delta) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n";
    }

    JsonNode sentBody() throws Exception {
        return Json.parse(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    }
}
