package dev.llmkit.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.rag.GroundedAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExampleTest {

    @Test
    void answersWithCitationsAndFallsBackWhenTheServerIsDown(@TempDir Path tmp) throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("keys.md"), "# API keys\n\nRotate API keys every 90 days from the admin console.\n");
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).body("{\"model\":\"qwen2.5-7b\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Every 90 days [1].\"},\"finish_reason\":\"stop\"}]}").build());

            GroundedAnswer answer = ReadmeExample.answer(server.url("/v1").toString(), docs, tmp.resolve("index"),
                    "How often should API keys be rotated?");

            assertThat(answer.text()).isEqualTo("Every 90 days [1].");
            assertThat(answer.citations().get(0).source()).isEqualTo("keys.md");
            for (int i = 0; i < 4; i++) {
                server.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build());
            }
            GroundedAnswer degraded = ReadmeExample.answer(server.url("/v1").toString(), docs, tmp.resolve("index"),
                    "How often should API keys be rotated?");
            assertThat(degraded.text()).isEqualTo("The assistant is busy; please try again.");
        }
    }
}
