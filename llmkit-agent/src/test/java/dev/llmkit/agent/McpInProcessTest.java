package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deterministic cases against an MCP server built with the SDK and run in this JVM. */
class McpInProcessTest {
    private static final String ECHO_SCHEMA = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
            + "\"required\":[\"text\"]}";

    private final InProcessMcpServer server = new InProcessMcpServer(List.of(
            InProcessMcpServer.tool("echo", ECHO_SCHEMA, r -> McpSchema.CallToolResult.builder()
                    .addTextContent("echo: " + r.arguments().get("text")).build()),
            InProcessMcpServer.tool("refuse", "{\"type\":\"object\"}", r -> McpSchema.CallToolResult.builder()
                    .addTextContent("not allowed here").isError(true).build()),
            InProcessMcpServer.tool("stall", "{\"type\":\"object\"}", r -> {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return McpSchema.CallToolResult.builder().addTextContent("late").build();
            })));

    private static ToolResult call(dev.llmkit.api.Tool tool, String args) {
        return tool.execute(new ToolCall("1", tool.spec().name(), args), ToolContext.standalone());
    }

    private static dev.llmkit.api.Tool named(List<dev.llmkit.api.Tool> tools, String name) {
        return tools.stream().filter(t -> t.spec().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void callsToolsPassesTheirSchemaAndMapsServerErrors() {
        try (McpToolSource source = McpToolSource.of("in-process", server::connect).prefix("t_").build()) {
            List<dev.llmkit.api.Tool> tools = source.tools();

            assertThat(tools).extracting(t -> t.spec().name()).containsExactlyInAnyOrder("t_echo", "t_refuse",
                    "t_stall");
            assertThat(named(tools, "t_echo").spec().parameters().path("required").toString()).isEqualTo("[\"text\"]");
            assertThat(call(named(tools, "t_echo"), "{\"text\":\"hi\"}").content()).isEqualTo("echo: hi");
            ToolResult refused = call(named(tools, "t_refuse"), "{}");
            assertThat(refused.isError()).isTrue();
            assertThat(refused.content()).isEqualTo("not allowed here");
            assertThat(call(named(tools, "t_echo"), "[1]").content()).contains("not a JSON object");
        }
    }

    @Test
    void aRequestPastItsTimeoutIsAToolErrorNotAHang() {
        try (McpToolSource source = McpToolSource.of("in-process", server::connect)
                .requestTimeout(Duration.ofMillis(500)).build()) {
            long t0 = System.nanoTime();
            ToolResult r = call(named(source.tools(), "stall"), "{}");

            assertThat(r.isError()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void reconnectsOnceWhenTheServerGoesAway() {
        try (McpToolSource source = McpToolSource.of("in-process", server::connect)
                .requestTimeout(Duration.ofSeconds(2)).build()) {
            dev.llmkit.api.Tool echo = named(source.tools(), "echo");
            server.connections.get(0).kill();

            ToolResult r = call(echo, "{\"text\":\"again\"}");

            assertThat(r.isError()).as(r.content()).isFalse();
            assertThat(r.content()).isEqualTo("echo: again");
            assertThat(server.connections).hasSize(2);
        }
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void readsResourcesAndPromptsAndOffersResourcesAsATool() {
        try (McpToolSource source = McpToolSource.of("in-process", server::connect).prefix("memo_").build()) {
            assertThat(source.resources()).containsEntry("memo://holidays", "holidays: the office's holidays");
            assertThat(source.readResource("memo://holidays")).isEqualTo("Closed on 24 and 25 December.");
            assertThat(source.prompts()).containsEntry("greet", "Greets");
            assertThat(source.prompt("greet", Map.of("who", "Ann"))).extracting(dev.llmkit.api.Message::text)
                    .containsExactly("Say hello to Ann");

            dev.llmkit.api.Tool read = source.resourceTool();
            assertThat(read.spec().name()).isEqualTo("memo_read_resource");
            assertThat(read.spec().description()).contains("memo://holidays");
            assertThat(read.spec().parameters().path("properties").path("uri").path("enum").toString())
                    .isEqualTo("[\"memo://holidays\"]");
            assertThat(call(read, "{\"uri\":\"memo://holidays\"}").content()).contains("24 and 25 December");
            assertThat(call(read, "{\"uri\":\"memo://nope\"}").isError()).isTrue();
            assertThat(server.connections).hasSize(1); // an error answer is not a broken connection
        }
    }
}
