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

/** {@code ask} and {@code chat} reuse answers through the answer cache in the index folder. */
class CachedAnsweringTest {
    @TempDir
    Path tmp;
    private MockWebServer server;
    private final Map<String, String> env = new HashMap<>(Map.of("LLMKIT_EMBEDDINGS", "fake"));
    private Path index;
    private Path docs;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return."
                + " Customers request refunds through the support portal.\n");
        Files.writeString(docs.resolve("shipping.md"), "# Shipping\n\nParcels ship from Rotterdam every weekday.\n");
        index = tmp.resolve("index");
        assertThat(Cli.run(env, tmp, "", "ingest", docs.toString(), "--index", index.toString()).exitCode).isZero();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse answer(String text) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300}}\n\n"
                + "data: [DONE]\n\n").build();
    }

    private Cli ask(String... extra) {
        String[] args = new String[extra.length + 6];
        args[0] = "ask";
        args[1] = "--verbose";
        args[2] = "--index";
        args[3] = index.toString();
        args[4] = "--min-score";
        args[5] = "0.1";
        System.arraycopy(extra, 0, args, 6, extra.length);
        return Cli.run(env, tmp, "", args);
    }

    @Test
    void askingAgainReusesTheAnswerWithoutCallingTheModelAndSaysWhatItSaved() {
        server.enqueue(answer("Within 14 days [1]."));
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli first = ask("How are refunds paid?");
        Cli second = ask("How are refunds paid?");

        assertThat(first.exitCode).as(first.err()).isZero();
        assertThat(second.exitCode).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out()).contains("Within 14 days [1].").contains("[1] refunds.md#0");
        assertThat(first.err()).contains("cache miss");
        assertThat(second.err()).contains("cache hit (exact, similarity 1.000): saved 1500 tokens");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void noCacheAsksTheModelEveryTime() {
        server.enqueue(answer("Within 14 days [1]."));
        server.enqueue(answer("Fourteen days [1]."));
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        ask("--no-cache", "How are refunds paid?");
        Cli second = ask("--no-cache", "How are refunds paid?");

        assertThat(second.out()).contains("Fourteen days [1].");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anAnswerIsDroppedWhenADocumentItCitesChanges() throws IOException {
        Cli first = ask("How are refunds paid?");
        assertThat(first.out()).contains("within 14 days");
        assertThat(ask("How are refunds paid?").err()).contains("cache hit");

        Files.writeString(docs.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 30 days of the return."
                + " Customers request refunds through the support portal.\n");
        assertThat(Cli.run(env, tmp, "", "ingest", docs.toString(), "--index", index.toString()).exitCode).isZero();

        Cli after = ask("How are refunds paid?");
        assertThat(after.err()).contains("cache miss").doesNotContain("cache hit");
        assertThat(after.out()).contains("within 30 days").doesNotContain("14 days");
    }

    @Test
    void aRefusalIsNeverReused() {
        Cli first = Cli.run(env, tmp, "", "ask", "-v", "--index", index.toString(), "What is the capital of Peru?");
        Cli second = Cli.run(env, tmp, "", "ask", "-v", "--index", index.toString(), "What is the capital of Peru?");
        assertThat(first.out()).contains(dev.llmkit.rag.GroundedAnswerer.REFUSAL);
        assertThat(second.err()).doesNotContain("cache hit");
    }

    @Test
    void chatReusesAnAnswerWithinTheSession() {
        Cli chat = Cli.run(env, tmp, "How are refunds paid?\nHow are refunds paid?\n/exit\n", "chat", "-v", "--index",
                index.toString(), "--min-score", "0.1");
        assertThat(chat.exitCode).isZero();
        assertThat(chat.err()).contains("cache miss").contains("cache hit (exact");
        assertThat(chat.out().split("within 14 days", -1)).hasSize(3);
    }
}
