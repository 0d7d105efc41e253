package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilityCliTest {
    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>(Map.of("LLMKIT_EMBEDDINGS", "fake"));

    private Path index() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(d.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return.\n");
        Path index = tmp.resolve("index");
        assertThat(Cli.run(env, tmp, "", "ingest", d.toString(), "--index", index.toString()).exitCode).isZero();
        return index;
    }

    /** The model at {@code server} streams {@code answer} once; the CLI is pointed at it. */
    private void answersOnce(MockWebServer server, String answer) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"model\":\"local\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + answer + "\"},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").build());
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());
        env.put("LLMKIT_MODEL", "local");
    }

    @Test
    void tracePrintsTheSpanTreeAndUsageReportsTheAuditedCall() throws Exception {
        Path index = index();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                    "data: {\"model\":\"local\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Within 14 days\"}}]}\n\n"
                    + "data: {\"model\":\"local\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" [1].\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":6,"
                    + "\"total_tokens\":126}}\n\ndata: [DONE]\n\n").build());
            env.put("LLMKIT_BASE_URL", server.url("/v1").toString());
            env.put("LLMKIT_MODEL", "local");

            Cli ask = Cli.run(env, tmp, "", "ask", "--trace", "--no-cache", "--index", index.toString(),
                    "--min-score", "0.1", "How are refunds paid?");

            assertThat(ask.exitCode).isZero();
            assertThat(ask.out()).contains("Within 14 days [1].");
            assertThat(ask.err()).containsPattern("Trace [0-9a-f]{32}").contains("└─ llmkit ask")
                    .containsPattern("retrieval dense\\s+\\d+ ms\\s+1 chunk")
                    .containsPattern("[├└]─ chat local\\s+\\d+ ms\\s+tokens 120 in, 6 out\\s+ok")
                    .containsPattern("└─ attempt local\\s+\\d+ ms");
        }

        var audit = dev.llmkit.observability.AuditLog.read(tmp.resolve(".llmkit").resolve("audit"));
        assertThat(audit).singleElement().satisfies(line -> {
            assertThat(line.get("type").asText()).isEqualTo("call");
            assertThat(line.get("chunks").toString()).as("the chunks retrieved for the answer").contains("refunds.md#0");
            assertThat(line.get("prompt").toString()).contains("How are refunds paid?");
        });
        Cli usage = Cli.run(env, tmp, "", "usage");
        assertThat(usage.exitCode).isZero();
        assertThat(usage.out()).containsPattern("local\\s+1\\s+0\\s+0\\s+120\\s+6").contains("total");
        Cli byTenant = Cli.run(env, tmp, "", "usage", "--by", "tenant");
        assertThat(byTenant.out()).containsPattern("(?m)^-\\s+1\\s");
        Cli wrong = Cli.run(env, tmp, "", "usage", "--by", "planet");
        assertThat(wrong.exitCode).isEqualTo(2);
        assertThat(wrong.err()).contains("--by must be model, tenant, user or tag");
    }

    @Test
    void guardrailVerdictsJoinTheAuditedCall() throws Exception {
        Path index = index();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            answersOnce(server, "Within 14 days [1].");

            Cli ask = Cli.run(env, tmp, "", "ask", "--no-cache", "--index", index.toString(), "--min-score", "0.1",
                    "How are refunds paid to ann@example.com?");

            assertThat(ask.exitCode).isZero();
        }
        var audit = dev.llmkit.observability.AuditLog.read(tmp.resolve(".llmkit").resolve("audit"));
        assertThat(audit).singleElement().satisfies(line -> assertThat(line.get("guardrails").toString())
                .contains("\"verdict\":\"rewrite\"").contains("\"stage\":\"input\""));
    }

    @Test
    void anUnreachableRedisDoesNotStopAnAnswerAndABadRedisUrlIsAClearError() throws Exception {
        Path index = index();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            answersOnce(server, "Within 14 days [1].");
            env.put("LLMKIT_REDIS_URL", "redis://127.0.0.1:" + closedPort);

            Cli ask = Cli.run(env, tmp, "", "ask", "--no-cache", "--index", index.toString(), "--min-score", "0.1",
                    "How are refunds paid?");

            assertThat(ask.exitCode).isZero();
            assertThat(ask.out()).contains("Within 14 days [1].");
        }
        env.put("LLMKIT_REDIS_URL", "http://not-redis");
        Cli bad = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "How are refunds paid?");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err()).contains("LLMKIT_REDIS_URL").contains("redis://");
    }

    @Test
    void usageWithoutRecordedCallsSaysSo() {
        Cli usage = Cli.run(env, tmp, "", "usage");

        assertThat(usage.exitCode).isZero();
        assertThat(usage.out()).contains("No model calls recorded yet");
    }
}
