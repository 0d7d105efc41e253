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
                .contains("[1] refunds.md#0 (Refunds)")
                .doesNotContain("shipping.md");
    }

    @Test
    void asksAnOpenAiCompatibleServerAndStreamsTheAnswerWithCitations() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .addHeader("x-ratelimit-remaining-requests", "99").body(
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
        assertThat(ask.err()).contains("Answering with model \"local\" at").containsPattern("\\[llmkit] call [0-9a-f]{8}: first token")
                .contains("response from local (").contains(server.url("/v1").toString())
                .contains("provider limits left: 99 requests");
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
        assertThat(ask.err()).contains("failed").contains("Check that the server at http://127.0.0.1:" + port)
                .contains("model \"default\"").contains("set LLMKIT_MODEL")
                .doesNotContain("Set LLMKIT_BASE_URL").doesNotContain("OPENAI_API_KEY");
    }

    private static MockResponse sse(String... chunks) {
        StringBuilder body = new StringBuilder();
        for (String c : chunks) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(c).append("\"}}]}\n\n");
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(body.append("data: [DONE]\n\n").toString()).build();
    }

    @Test
    void chatReportsAModelErrorKeepsTheHistoryAndGoesOn() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(sse("Fourteen days [1]."));
        server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}").build());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"From Rot\"}}]}\n\n").build());
        server.enqueue(sse("From Rotterdam [1]."));
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli chat = Cli.run(env, tmp, "How are refunds paid?\nWhere do parcels ship from?\nWhere do parcels ship from?\n"
                + "Where do parcels ship from?\n/exit\n", "chat", "--index", index.toString(), "--min-score", "0.1",
                "--retries", "0");

        assertThat(chat.exitCode).as(chat.err()).isZero();
        assertThat(chat.err()).contains("500").contains("the conversation so far is kept")
                .contains("cut off after 1 tokens");
        assertThat(chat.out()).contains("Fourteen days [1].").contains("From Rotterdam [1].");
        for (int i = 0; i < 3; i++) {
            server.takeRequest();
        }
        String last = server.takeRequest().getBody().utf8();
        assertThat(last).contains("Fourteen days [1].").doesNotContain("From Rot\"");
    }

    @Test
    void listsOnlyTheCitedSourcesNumberedAsTheAnswerCitesThem() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(sse("See [2]. Again [2]."));
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli ask = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "--min-score", "-1", "refunds shipping");

        assertThat(ask.exitCode).as(ask.err()).isZero();
        String prompt = server.takeRequest().getBody().utf8();
        java.util.regex.Matcher second = java.util.regex.Pattern.compile("\\[2\\] \\((\\w+\\.md)#0\\)").matcher(prompt);
        assertThat(second.find()).as(prompt).isTrue();
        String cited = second.group(1);
        assertThat(ask.out()).contains("See [1]. Again [1].").contains("[1] " + cited + "#0").doesNotContain("[2]");
        assertThat(ask.out().lines().filter(l -> l.contains(".md#"))).hasSize(1);
    }

    @Test
    void timeoutFlagsReachTheModelAndTheHintNamesThem() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .headersDelay(5, java.util.concurrent.TimeUnit.SECONDS).body("data: [DONE]\n\n").build());
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());
        env.put("LLMKIT_MODEL", "slow");

        Cli ask = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "--min-score", "0.1", "--retries", "0",
                "--first-token-timeout", "200ms", "--idle-timeout", "2m", "--timeout", "3m", "refunds?");

        assertThat(ask.exitCode).isEqualTo(1);
        assertThat(ask.err()).contains("model \"slow\"").contains("--first-token-timeout 200ms")
                .contains("--idle-timeout 2m").contains("--timeout 3m").doesNotContain("LLMKIT_BASE_URL");
    }

    @Test
    void aMalformedStreamIsReportedWithoutParserInternals() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\": [{\"delta\": nope}]}\n\n").build());
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli ask = Cli.run(env, tmp, "", "ask", "--index", index.toString(), "--min-score", "0.1", "--retries", "0",
                "refunds?");

        assertThat(ask.exitCode).isEqualTo(1);
        assertThat(ask.err()).contains("malformed").doesNotContain("[Source:").doesNotContain("jackson")
                .doesNotContain("line: 1, column");
    }

    @Test
    void verbosePrintsTheCostFromThePriceFlags() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Fourteen days [1].\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}\n\n"
                + "data: [DONE]\n\n").build());
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli ask = Cli.run(env, tmp, "", "ask", "--verbose", "--index", index.toString(), "--min-score", "0.1",
                "--price-in", "1", "--price-out", "2", "refunds?");

        assertThat(ask.exitCode).as(ask.err()).isZero();
        assertThat(ask.err()).contains("1000 in / 500 out tokens").contains("cost $0.002");
    }

    @Test
    void verboseTakesTheCostFromTheListPriceOfAKnownHostedModel() throws Exception {
        Path index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs().toString(), "--index", index.toString());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Fourteen days [1].\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1000000,\"completion_tokens\":1000000}}\n\n"
                + "data: [DONE]\n\n").build());
        env.put("OPENAI_API_KEY", "sk-test-key-for-prices");
        env.put("OPENAI_BASE_URL", server.url("/v1").toString());
        env.put("LLMKIT_MODEL", "gpt-4o-mini-2024-07-18");

        Cli ask = Cli.run(env, tmp, "", "ask", "--verbose", "--index", index.toString(), "--min-score", "0.1", "refunds?");

        assertThat(ask.exitCode).as(ask.err()).isZero();
        assertThat(ask.err()).contains("cost $0.75"); // 1M in at $0.15 + 1M out at $0.60
    }

    @Test
    void helpListsEveryEnvironmentVariableTheCliReads() {
        Cli help = Cli.run(env, tmp, "", "--help");
        Cli askHelp = Cli.run(env, tmp, "", "ask", "--help");

        for (String variable : List.of("LLMKIT_HOME", "HOME", "LLMKIT_BASE_URL", "LLMKIT_MODEL", "LLMKIT_API_KEY",
                "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "LLMKIT_EMBEDDINGS")) {
            assertThat(help.out()).contains("  " + variable + " ");
            assertThat(askHelp.out()).contains("  " + variable + " ");
        }
        assertThat(askHelp.out()).contains("--timeout").contains("--first-token-timeout").contains("--idle-timeout")
                .contains("--price-in").contains("--min-support");
    }

    @Test
    void theDefaultIndexLivesUnderHomeWhenLlmkitHomeIsNotSet() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        env.put("HOME", home.toString());

        Cli ask = Cli.run(env, tmp.resolve("elsewhere"), "", "ask", "anything");

        assertThat(ask.exitCode).as(ask.err()).isZero();
        assertThat(home.resolve(".llmkit/index/lucene")).isDirectory();
    }

    @Test
    void aBadDurationIsABadUsage() {
        Cli ask = Cli.run(env, tmp, "", "ask", "--timeout", "soon", "x");

        assertThat(ask.exitCode).isEqualTo(2);
        assertThat(ask.err()).contains("'soon' is not a duration");
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
