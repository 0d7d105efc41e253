package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --models}: the CLI answers through a pool of deployments from a YAML file, and says what is wrong in it. */
class ModelsFileTest {
    @TempDir
    Path tmp;

    private MockWebServer gpuA;
    private MockWebServer gpuB;
    private final Map<String, String> env = new HashMap<>(Map.of("LLMKIT_EMBEDDINGS", "fake"));

    @BeforeEach
    void start() throws IOException {
        gpuA = new MockWebServer();
        gpuA.start();
        gpuB = new MockWebServer();
        gpuB.start();
    }

    @AfterEach
    void stop() {
        gpuA.close();
        gpuB.close();
    }

    private Path index() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(d.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return.\n");
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", d.toString(), "--index", index.toString());
        return index;
    }

    private static MockResponse answer(String text) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").build();
    }

    @Test
    void answersThroughThePoolAndFailsOverFromADownDeployment() throws Exception {
        Path index = index();
        for (int i = 0; i < 3; i++) {
            gpuA.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build());
        }
        gpuB.enqueue(answer("Within 14 days [1]."));
        gpuB.enqueue(answer("Within 14 days [1]."));
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, """
                pool: chat
                strategy: round-robin
                cooldown: {failures: 1, window: 60s, duration: 5m}
                deployments:
                  - name: gpu-a
                    base-url: %s
                    model: llama
                  - name: gpu-b
                    base-url: %s
                    model: llama
                    api-key-env: GPU_B_KEY
                """.formatted(gpuA.url("/v1"), gpuB.url("/v1")));
        env.put("GPU_B_KEY", "sk-gpu-b-secret");

        Cli first = Cli.run(env, tmp, "", "ask", "--verbose", "--retries", "0", "--models", models.toString(),
                "--index", index.toString(), "--min-score", "0.1", "How are refunds paid?");

        assertThat(first.exitCode).as(first.err()).isZero();
        assertThat(first.out()).contains("Within 14 days [1].");
        assertThat(first.err()).contains("Answering with model \"chat\"").contains("[gpu-b]")
                .doesNotContain("sk-gpu-b-secret");
        assertThat(gpuB.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk-gpu-b-secret");
    }

    @Test
    void aMistakeInTheFileIsAUsageErrorNamingTheDeploymentAndField() throws IOException {
        Path index = index();
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, """
                pool: chat
                deployments:
                  - name: gpu-a
                    base-url: http://localhost:1/v1
                    model: llama
                    rmp: 100
                """);

        Cli ask = Cli.run(env, tmp, "", "ask", "--models", models.toString(), "--index", index.toString(), "hi");

        assertThat(ask.exitCode).isEqualTo(2);
        assertThat(ask.err()).contains("models.yaml: deployment 1 ('gpu-a') has an unknown field 'rmp'");

        Files.writeString(models, "pool: chat\ndeployments:\n  - name: x\n    model: m\n    api-key-env: NOT_SET_ANYWHERE\n"
                + "    base-url: http://localhost:1/v1\n");
        Cli unset = Cli.run(env, tmp, "", "ask", "--models", models.toString(), "--index", index.toString(), "hi");
        assertThat(unset.exitCode).isEqualTo(2);
        assertThat(unset.err()).contains("NOT_SET_ANYWHERE, which is not set");

        Cli missing = Cli.run(env, tmp, "", "ask", "--models", tmp.resolve("nope.yaml").toString(), "--index",
                index.toString(), "hi");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err()).contains("is not a file");
    }
}
