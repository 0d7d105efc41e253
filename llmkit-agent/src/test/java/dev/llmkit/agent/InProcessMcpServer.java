package dev.llmkit.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * An MCP server built with the official Java SDK, run in this JVM and reached through a pair of pipes, for
 * deterministic cases: each connection gets a fresh server, so a test can break one and watch the source reconnect.
 */
final class InProcessMcpServer {
    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<McpServerFeatures.SyncToolSpecification> tools;

    InProcessMcpServer(List<McpServerFeatures.SyncToolSpecification> tools) {
        this.tools = tools;
    }

    /** A tool that answers with {@code answer} applied to its arguments. */
    static McpServerFeatures.SyncToolSpecification tool(String name, String schema,
            Function<McpSchema.CallToolRequest, McpSchema.CallToolResult> answer) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, JSON, schema).description("test tool " + name).build())
                .callHandler((exchange, request) -> answer.apply(request)).build();
    }

    /** A new connection: a new server on its own pipes, and the client's end. */
    McpClientTransport connect() {
        try {
            Connection c = new Connection(tools);
            connections.add(c);
            return c.client;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One server and the transport that talks to it. */
    static final class Connection {
        final McpSyncServer server;
        final PipeTransport client;

        Connection(List<McpServerFeatures.SyncToolSpecification> tools) throws IOException {
            Pipe toServer = Pipe.open();
            Pipe toClient = Pipe.open();
            StdioServerTransportProvider provider = new StdioServerTransportProvider(JSON,
                    Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
            this.server = McpServer.sync(provider).serverInfo("llmkit-test", "1")
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, false)
                            .prompts(false).build())
                    .tools(tools)
                    .resources(new McpServerFeatures.SyncResourceSpecification(McpSchema.Resource.builder(
                            "memo://holidays", "holidays").description("the office's holidays").mimeType("text/plain")
                            .build(), (exchange, request) -> new McpSchema.ReadResourceResult(List.of(
                                    new McpSchema.TextResourceContents(request.uri(), "text/plain",
                                            "Closed on 24 and 25 December.")))))
                    .prompts(new McpServerFeatures.SyncPromptSpecification(new McpSchema.Prompt("greet", "Greets",
                            List.of(new McpSchema.PromptArgument("who", "whom to greet", true))),
                            (exchange, request) -> new McpSchema.GetPromptResult("greeting", List.of(
                                    new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(
                                            "Say hello to " + request.arguments().get("who")))))))
                    .build();
            this.client = new PipeTransport(toServer.sink(), toClient.source());
        }

        /** Breaks the connection as a crashed server would. */
        void kill() {
            server.close();
            client.breakPipes();
        }
    }

    /** A client transport over a pair of pipes, one JSON-RPC message per line. */
    static final class PipeTransport implements McpClientTransport {
        private final Pipe.SinkChannel sink;
        private final Pipe.SourceChannel source;
        private final OutputStream out;
        private final BufferedReader in;
        private volatile boolean broken;

        PipeTransport(Pipe.SinkChannel sink, Pipe.SourceChannel source) {
            this.sink = sink;
            this.source = source;
            this.out = Channels.newOutputStream(sink);
            this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(source), StandardCharsets.UTF_8));
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while (!broken && (line = in.readLine()) != null) {
                        McpSchema.JSONRPCMessage m = McpSchema.deserializeJsonRpcMessage(JSON, line);
                        handler.apply(Mono.just(m)).subscribe();
                    }
                } catch (IOException e) {
                    // the pipe closed
                }
            }, "in-process-mcp-client");
            reader.setDaemon(true);
            reader.start();
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> {
                if (broken) {
                    throw new IllegalStateException("the server is gone");
                }
                try {
                    synchronized (out) {
                        out.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("the server is gone", e);
                }
            });
        }

        /** Closes the channels themselves: a read blocked on them ends at once (a stream's close would wait). */
        void breakPipes() {
            broken = true;
            try {
                sink.close();
                source.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::breakPipes);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return JSON.convertValue(data, typeRef);
        }
    }
}
