package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.testing.FakeChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real MCP server we did not write: the reference filesystem server from npm, run with Node. CI installs it
 * from the lockfile ({@code src/test/mcp}); run locally, the test installs it itself with {@code npm ci}, and is
 * skipped, saying why, only when Node or npm is missing.
 */
class McpToolSourceTest {
    static Path server;

    @BeforeAll
    static void installServer() throws Exception {
        Path dir = Path.of("src", "test", "mcp").toAbsolutePath();
        server = dir.resolve("node_modules/.bin/mcp-server-filesystem");
        if (!Files.isExecutable(server)) {
            assumeTrue(onPath("npm") && onPath("node"), "Node and npm are needed to run the MCP reference server;"
                    + " install Node 20, then run: npm ci --prefix llmkit-agent/src/test/mcp");
            Process p = new ProcessBuilder("npm", "ci").directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
            assertThat(p.exitValue()).as("npm ci succeeded").isZero();
        }
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static McpToolSource files(Path root) {
        return McpToolSource.stdio(server.toString(), root.toString()).requestTimeout(Duration.ofSeconds(6))
                .only("read_text_file", "list_directory").build();
    }

    private static dev.llmkit.api.Tool tool(List<dev.llmkit.api.Tool> tools, String name) {
        return tools.stream().filter(t -> t.spec().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsAndCallsTheServersTools(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "the meeting is on Thursday");
        try (McpToolSource source = files(tmp)) {
            List<dev.llmkit.api.Tool> tools = source.tools();

            assertThat(tools).extracting(t -> t.spec().name()).containsExactlyInAnyOrder("read_text_file",
                    "list_directory");
            assertThat(tool(tools, "read_text_file").spec().parameters().path("properties").has("path")).isTrue();
            ToolResult read = tool(tools, "read_text_file").execute(new ToolCall("1", "read_text_file",
                    "{\"path\":\"" + tmp.resolve("notes.txt") + "\"}"), ToolContext.standalone());
            ToolResult outside = tool(tools, "read_text_file").execute(new ToolCall("2", "read_text_file",
                    "{\"path\":\"/etc/hostname\"}"), ToolContext.standalone());
            ToolResult listed = tool(tools, "list_directory").execute(new ToolCall("3", "list_directory",
                    "{\"path\":\"" + tmp + "\"}"), ToolContext.standalone());

            assertThat(read.isError()).isFalse();
            assertThat(read.content()).contains("the meeting is on Thursday");
            assertThat(outside.isError()).isTrue();
            assertThat(listed.content()).contains("notes.txt");
        }
    }

    @Test
    void anAgentUsesTheServersToolsAndASourceReconnectsWhenTheServerDies(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "the meeting is on Thursday");
        FakeChatModel model = FakeChatModel.builder()
                .then(FakeChatModel.Step.toolCalls(new ToolCall("c1", "read_text_file",
                        "{\"path\":\"" + tmp.resolve("notes.txt") + "\"}")))
                .respond("Thursday.").build();
        try (McpToolSource source = files(tmp);
                Agent agent = Agent.builder(model).tools(source.tools()).build()) {
            AgentResult r = agent.run("When is the meeting?");

            assertThat(r.answer()).contains("Thursday.");
            assertThat(r.transcript()).filteredOn(m -> m instanceof ToolResultMessage).singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("the meeting is on Thursday"));

            dev.llmkit.api.Tool read = tool(source.tools(), "read_text_file");
            ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                    .contains("mcp-server-filesystem")).forEach(ProcessHandle::destroyForcibly);
            ToolResult first = read.execute(new ToolCall("2", "read_text_file",
                    "{\"path\":\"" + tmp.resolve("notes.txt") + "\"}"), ToolContext.standalone());
            // the dead server is noticed when the request times out or the pipe breaks; a timed-out request is not
            // sent twice, so the next one is what reconnects
            ToolResult again = first.isError() ? read.execute(new ToolCall("3", "read_text_file",
                    "{\"path\":\"" + tmp.resolve("notes.txt") + "\"}"), ToolContext.standalone()) : first;
            assertThat(again.isError()).as(again.content()).isFalse();
            assertThat(again.content()).contains("Thursday");
        }
    }

    @Test
    void anUnknownToolInTheAllowlistIsAClearError(@TempDir Path tmp) {
        try (McpToolSource source = McpToolSource.stdio(server.toString(), tmp.toString()).only("teleport").build()) {
            assertThatThrownBy(source::tools).hasMessageContaining("no tool named [teleport]")
                    .hasMessageContaining("read_text_file");
        }
    }

    @Test
    void callsAServerOverStreamableHttp() throws Exception {
        Path everything = server.resolveSibling("mcp-server-everything");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(everything.toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process p = pb.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean up = false;
            while (!up && System.nanoTime() < until && p.isAlive()) {
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    up = true;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(up).as("the HTTP server started").isTrue();
            try (McpToolSource source = McpToolSource.http("http://127.0.0.1:" + port + "/mcp").only("get-sum")
                    .requestTimeout(Duration.ofSeconds(10)).build()) {
                dev.llmkit.api.Tool sum = tool(source.tools(), "get-sum");

                ToolResult r = sum.execute(new ToolCall("1", "get-sum", "{\"a\":2,\"b\":3}"), ToolContext.standalone());

                assertThat(r.isError()).as(r.content()).isFalse();
                assertThat(r.content()).contains("5");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}
