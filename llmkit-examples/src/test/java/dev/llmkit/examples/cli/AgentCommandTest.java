package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandTest {
    @TempDir
    Path tmp;

    private MockWebServer server;
    private final Map<String, String> env = new HashMap<>(Map.of("LLMKIT_EMBEDDINGS", "fake"));
    private Path index;
    private Path work;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return.\n");
        index = tmp.resolve("index");
        Cli.run(env, tmp, "", "ingest", docs.toString(), "--index", index.toString());
        work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("orders.txt"), "order 1: 3 desks at 120 EUR\n");
        Files.writeString(tmp.resolve("secret.txt"), "not for the agent");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(String message) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(
                "{\"id\":\"c\",\"model\":\"local\",\"choices\":[{\"index\":0,\"message\":" + message
                        + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":10}}")
                .build());
    }

    private static String toolCall(String id, String name, String args) {
        return "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"" + name + "\",\"arguments\":" + quote(args) + "}}]}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void runsATaskWithTheFileAndCalculatorToolsAndRefusesPathsOutsideTheFolder() throws Exception {
        answer(toolCall("c1", "read_file", "{\"path\":\"orders.txt\"}"));
        answer(toolCall("c2", "read_file", "{\"path\":\"../secret.txt\"}"));
        answer(toolCall("c3", "calculate", "{\"expression\":\"3 * 120\"}"));
        answer("{\"role\":\"assistant\",\"content\":\"The desks cost 360 EUR.\"}");
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());
        env.put("LLMKIT_MODEL", "local");

        Cli agent = Cli.run(env, tmp, "", "agent", "--index", index.toString(), "--dir", work.toString(),
                "What", "do", "the", "desks", "in", "orders.txt", "cost?");

        assertThat(agent.exitCode).as(agent.err()).isZero();
        assertThat(agent.out()).contains("The desks cost 360 EUR.");
        assertThat(agent.err()).contains("[agent] step 1: read_file").contains("[agent] step 3: calculate");
        RecordedRequest first = server.takeRequest();
        assertThat(first.getBody().utf8()).contains("\"tools\"").contains("\"read_file\"").contains("\"search\"");
        String second = server.takeRequest().getBody().utf8();
        assertThat(second).contains("order 1: 3 desks at 120 EUR").contains("untrusted tool result content");
        String third = server.takeRequest().getBody().utf8();
        assertThat(third).contains("outside the working directory").doesNotContain("not for the agent");
        assertThat(server.takeRequest().getBody().utf8()).contains("360");
    }

    @Test
    void withoutAModelItSaysWhatToSet() {
        Cli agent = Cli.run(env, tmp, "", "agent", "--index", index.toString(), "Do something");

        assertThat(agent.exitCode).isEqualTo(2);
        assertThat(agent.err()).contains("needs a model that can call tools").contains("LLMKIT_BASE_URL");
    }

    @Test
    void usesTheToolsOfTheMcpServersNamedInItsConfig() throws Exception {
        Path server = Path.of("..", "llmkit-agent", "src", "test", "mcp", "node_modules", ".bin",
                "mcp-server-filesystem").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(server), "the MCP reference server is not"
                + " installed; run: npm ci --prefix llmkit-agent/src/test/mcp");
        Path config = tmp.resolve("mcp.json");
        Files.writeString(config, "{\"mcpServers\": {\"files\": {\"command\": " + quote(server.toString())
                + ", \"args\": [" + quote(work.toString()) + "]}}}");
        answer(toolCall("m1", "files_list_directory", "{\"path\":" + quote(work.toString()) + "}"));
        answer("{\"role\":\"assistant\",\"content\":\"There is orders.txt.\"}");
        env.put("LLMKIT_BASE_URL", server().url("/v1").toString());
        env.put("LLMKIT_MODEL", "local");

        Cli agent = Cli.run(env, tmp, "", "agent", "--index", index.toString(), "--mcp", config.toString(),
                "What", "files", "are", "there?");

        assertThat(agent.exitCode).as(agent.err()).isZero();
        assertThat(agent.out()).contains("There is orders.txt.");
        assertThat(this.server.takeRequest().getBody().utf8()).contains("\"files_list_directory\"").contains("\"read_file\"");
        assertThat(this.server.takeRequest().getBody().utf8()).contains("orders.txt");
    }

    private MockWebServer server() {
        return server;
    }

    @Test
    void aMalformedMcpConfigIsAUsageError() throws Exception {
        Path config = tmp.resolve("mcp.json");
        Files.writeString(config, "{\"servers\": {}}");
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());

        Cli agent = Cli.run(env, tmp, "", "agent", "--index", index.toString(), "--mcp", config.toString(), "x");

        assertThat(agent.exitCode).isEqualTo(2);
        assertThat(agent.err()).contains("needs an \"mcpServers\" object");
    }
}
