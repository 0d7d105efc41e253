package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmkitCliTest {
    @TempDir
    Path tmp;

    private MockWebServer server;
    private final Map<String, String> env = new HashMap<>(Map.of("LLMKIT_EMBEDDINGS", "fake"));

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path docs() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(d.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return."
                + " Customers request refunds through the support portal.\n");
        Files.writeString(d.resolve("shipping.md"), "# Shipping\n\nParcels ship from Rotterdam every weekday.\n");
        Files.write(d.resolve("logo.md"), new byte[] {0, 1, 2, 3});
        return d;
    }

    @Test
    void ingestsAFolderReportsSkippedFilesAndAnswersExtractively() throws IOException {
        Path index = tmp.resolve("index");

        Cli ingest = Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        assertThat(ingest.exitCode).isZero();
        assertThat(ingest.out()).contains("Indexed 2 documents").contains("Skipped 1 files").contains("binary content");
        assertThat(ingest.err()).contains("2/2 files");

        Cli ask = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "--min-score", "0.1",
                "How", "are", "refunds", "paid?");
        assertThat(ask.exitCode).isZero();
        assertThat(ask.out()).contains("No LLM is configured").contains("extractive")
                .contains("\"Refunds are paid within 14 days of the return.\" [1]")
                .contains("[1] refunds.md#0 (Refunds)");
    }

    @Test
    void asksAnOpenAiCompatibleServerAndStreamsTheAnswerWithCitations() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"model\":\"local\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Within 14 days\"}}]}\n\n"
                + "data: {\"model\":\"local\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" [1].\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n").build());
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());
        env.put("LLMKIT_MODEL", "local");

        Cli ask = Cli.run(env, tmp, "", "ask", "--verbose", "--index", index.toString(), "--min-score", "0.1",
                "How are refunds paid?");

        assertThat(ask.exitCode).isZero();
        assertThat(ask.out()).contains("Within 14 days [1].").contains("Sources:").contains("[1] refunds.md#0");
        assertThat(ask.out()).doesNotContain("No LLM is configured");
        assertThat(ask.err()).contains("Answering with local at").contains("[llmkit] first token");
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getBody().utf8()).contains("\"stream\":true").contains("Refunds are paid within 14 days");
    }

    @Test
    void anUnreachableModelIsAClearFailure() throws IOException {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        int port = server.getPort();
        server.close();
        env.put("LLMKIT_BASE_URL", "http://127.0.0.1:" + port + "/v1");

        Cli ask = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "--min-score", "0.1", "refunds?");

        assertThat(ask.exitCode).isEqualTo(1);
        assertThat(ask.err()).contains("failed").contains("Check that the server is running");
    }

    @Test
    void refusesWhenTheDocumentsDoNotSupportAnAnswer() throws IOException {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());

        Cli ask = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "--min-score", "0.99", "quantum chromodynamics");

        assertThat(ask.exitCode).isZero();
        assertThat(ask.out()).startsWith("Not found in the documents.");
    }

    @Test
    void chatKeepsTheConversationAndEndsOnExit() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        for (String text : List.of("Fourteen days [1].", "From Rotterdam [1].")) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                    .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\ndata: [DONE]\n\n")
                    .build());
        }
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli chat = Cli.run(env, tmp, "How are refunds paid?\nWhere do parcels ship from?\n/exit\n", "chat", "--index",
                index.toString(), "--min-score", "0.1");

        assertThat(chat.exitCode).isZero();
        assertThat(chat.out()).contains("Fourteen days [1].").contains("From Rotterdam [1].");
        server.takeRequest();
        String second = server.takeRequest().getBody().utf8();
        assertThat(second).contains("How are refunds paid?").contains("Fourteen days [1].");
    }

    @Test
    void evalPrintsMetricsForEachRetriever() throws IOException {
        Path beir = Files.createDirectories(tmp.resolve("beir"));
        Files.writeString(beir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "", "text": "Refunds are paid within fourteen days."}
                {"_id": "d2", "title": "", "text": "Parcels ship from Rotterdam."}
                {"_id": "d3", "title": "", "text": "Bananas are yellow."}
                """);
        Files.writeString(beir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"when are refunds paid\"}\n");
        Files.createDirectories(beir.resolve("qrels"));
        Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t2\n");

        Cli eval = Cli.run(env, tmp, "", "eval", beir.toString(), "--index", tmp.resolve("idx").toString());

        assertThat(eval.exitCode).isZero();
        assertThat(eval.out()).contains("nDCG@10").contains("bm25").contains("dense").contains("hybrid (default)");
        assertThat(eval.out().lines().filter(l -> l.startsWith("bm25")).findFirst().orElseThrow()).contains("1.000");
    }

    @Test
    void benchPrintsJson() {
        Cli bench = Cli.run(env, tmp, "", "bench", "--json", "--iterations", "200");

        assertThat(bench.exitCode).isZero();
        assertThat(bench.out()).startsWith("{\"results\":[").contains("Resilient.wrap(model)").contains("retrieve: hybrid");
    }

    @Test
    void errorPathsHaveClearMessagesAndExitCodes() {
        Cli missingIndex = Cli.run(env, tmp, "", "ask", "--index", tmp.resolve("none").toString(), "anything");
        assertThat(missingIndex.exitCode).isEqualTo(1);
        assertThat(missingIndex.err()).contains("No index at").contains("llmkit ingest");

        Cli badPath = Cli.run(env, tmp, "", "ingest", tmp.resolve("nope").toString());
        assertThat(badPath.exitCode).isEqualTo(2);
        assertThat(badPath.err()).contains("is not a folder");

        Cli badOption = Cli.run(env, tmp, "", "ask", "--frobnicate", "x");
        assertThat(badOption.exitCode).isEqualTo(2);
        assertThat(badOption.err()).contains("Unknown option");

        Cli noCommand = Cli.run(env, tmp, "");
        assertThat(noCommand.exitCode).isEqualTo(2);

        Cli badEval = Cli.run(env, tmp, "", "eval", tmp.toString());
        assertThat(badEval.exitCode).isEqualTo(2);
        assertThat(badEval.err()).contains("Not a BEIR folder");

        Cli help = Cli.run(env, tmp, "", "ask", "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out()).contains("Usage: llmkit ask");
    }
}
