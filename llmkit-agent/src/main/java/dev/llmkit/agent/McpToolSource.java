package dev.llmkit.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.ToolSpec;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tools from a Model Context Protocol server, through the official MCP Java SDK: a local server started as a
 * process and spoken to over stdio, or a remote one over streamable HTTP. Each of the server's tools becomes a
 * {@link dev.llmkit.api.Tool} with the server's own JSON schema; a call's text content is the result, and the server's
 * {@code isError} makes it a tool error.
 *
 * <pre>{@code
 * try (McpToolSource files = McpToolSource.stdio("npx", "-y", "@modelcontextprotocol/server-filesystem", "/data")
 *         .only("read_text_file", "list_directory").build()) {
 *     Agent agent = Agent.builder(model).tools(files.tools()).build();
 * }
 * }</pre>
 *
 * Every request is bounded by {@link Builder#requestTimeout}. When a request fails because the connection broke (the
 * server process died, the HTTP session expired), the source reconnects once and sends it again; a second failure
 * becomes a tool error. A request that timed out is not sent again (the server may still be running it, and a tool
 * need not be idempotent): it is a tool error, and the next request gets a new connection. Calls run in parallel.
 * Thread-safe; {@link #close()} ends the connection (and the server process it started).
 */
public final class McpToolSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpToolSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default bound on one request to the server. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Supplier<McpClientTransport> transport;
    private final Duration requestTimeout;
    private final @Nullable Set<String> only;
    private final String prefix;
    private @Nullable McpSyncClient client;
    private boolean closed;

    private McpToolSource(Builder b) {
        this.name = b.name;
        this.transport = b.transport;
        this.requestTimeout = b.requestTimeout;
        this.only = b.only;
        this.prefix = b.prefix;
    }

    /** A local server started as {@code command args...}, spoken to over its standard input and output. */
    public static Builder stdio(String command, String... args) {
        Objects.requireNonNull(command, "command");
        List<String> a = List.of(args);
        Builder b = new Builder(command);
        b.transport = () -> new StdioClientTransport(ServerParameters.builder(command).args(a).env(b.env).build(),
                new JacksonMcpJsonMapper(JSON));
        return b;
    }

    /** A remote server at {@code url} (its streamable HTTP endpoint, e.g. {@code http://host:3000/mcp}). */
    public static Builder http(String url) {
        Objects.requireNonNull(url, "url");
        java.net.URI uri = java.net.URI.create(url);
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mcp" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        // the name (in logs and errors) leaves out user info and the query, which may carry a token
        Builder b = new Builder(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        b.transport = () -> HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
                .jsonMapper(new JacksonMcpJsonMapper(JSON)).build();
        return b;
    }

    /**
     * A server reached through transports that {@code transports} makes, one per connection (a reconnection asks for
     * a new one): for a transport of your own, or a server in this process.
     */
    public static Builder of(String name, Supplier<McpClientTransport> transports) {
        Objects.requireNonNull(transports, "transports");
        Builder b = new Builder(Objects.requireNonNull(name, "name"));
        b.transport = transports;
        return b;
    }

    /** The server's tools (only those named in {@link Builder#only}, when given); connects on first use. */
    public List<dev.llmkit.api.Tool> tools() {
        McpSchema.ListToolsResult listed = withClient(McpSyncClient::listTools);
        List<dev.llmkit.api.Tool> tools = new ArrayList<>();
        for (McpSchema.Tool t : listed.tools()) {
            if (only == null || only.contains(t.name())) {
                tools.add(new McpTool(t));
            }
        }
        if (only != null && tools.size() < only.size()) {
            List<String> names = listed.tools().stream().map(McpSchema.Tool::name).toList();
            throw new IllegalArgumentException("MCP server " + name + " has no tool named " + only.stream()
                    .filter(n -> !names.contains(n)).toList() + "; it offers " + names);
        }
        return List.copyOf(tools);
    }

    /** The server's resources: URI to a description (its name, and what it is when the server says). */
    public Map<String, String> resources() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (McpSchema.Resource r : withClient(McpSyncClient::listResources).resources()) {
            out.put(r.uri(), r.name() + (r.description() == null ? "" : ": " + r.description()));
        }
        return out;
    }

    /** The text of resource {@code uri} (a binary part is named, not included). */
    public String readResource(String uri) {
        return McpContent.text(withClient(c -> c.readResource(new McpSchema.ReadResourceRequest(uri))).contents());
    }

    /**
     * A tool the model can read the server's resources with: {@code <prefix>read_resource}, its one parameter the
     * URI of one of them (the resources are listed in its description, as they were when this was called).
     */
    public dev.llmkit.api.Tool resourceTool() {
        Map<String, String> listed = resources();
        StringBuilder description = new StringBuilder("Reads a resource of the MCP server " + name + ". Resources:");
        listed.entrySet().stream().limit(50).forEach(e -> description.append("\n- ").append(e.getKey()).append(" (")
                .append(e.getValue()).append(')'));
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode uri = schema.putObject("properties").putObject("uri").put("type", "string");
        if (!listed.isEmpty() && listed.size() <= 100) {
            listed.keySet().forEach(uri.putArray("enum")::add);
        }
        schema.putArray("required").add("uri");
        ToolSpec spec = ToolSpec.of(prefix + "read_resource", description.toString(), schema);
        return new dev.llmkit.api.Tool() {
            @Override
            public ToolSpec spec() {
                return spec;
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                try {
                    String u = JSON.readTree(call.arguments()).path("uri").asText("");
                    return u.isBlank() ? ToolResult.error("read_resource needs a 'uri'") : ToolResult.of(readResource(u));
                } catch (java.io.IOException | RuntimeException e) {
                    return ToolResult.error("MCP server " + name + " could not read the resource: " + e.getMessage());
                }
            }
        };
    }

    /** The server's prompts: name to description. */
    public Map<String, String> prompts() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (McpSchema.Prompt p : withClient(McpSyncClient::listPrompts).prompts()) {
            out.put(p.name(), p.description() == null ? "" : p.description());
        }
        return out;
    }

    /** The messages of prompt {@code name} filled with {@code arguments}, to start a conversation or a task with. */
    public List<dev.llmkit.api.Message> prompt(String name, Map<String, String> arguments) {
        Map<String, Object> args = new HashMap<>(arguments);
        McpSchema.GetPromptResult r = withClient(c -> c.getPrompt(new McpSchema.GetPromptRequest(name, args)));
        List<dev.llmkit.api.Message> out = new ArrayList<>();
        for (McpSchema.PromptMessage m : r.messages()) {
            String text = m.content() instanceof McpSchema.TextContent t ? t.text() : "[" + m.content().type() + "]";
            out.add(m.role() == McpSchema.Role.ASSISTANT ? dev.llmkit.api.Message.assistant(text)
                    : dev.llmkit.api.Message.user(text));
        }
        return out;
    }

    /** Runs {@code action} on a connected client, reconnecting once when the connection has broken. */
    private <T> T withClient(java.util.function.Function<McpSyncClient, T> action) {
        McpSyncClient c = client();
        try {
            return action.apply(c);
        } catch (io.modelcontextprotocol.spec.McpError answered) {
            throw answered; // the server is there and said no: reconnecting would not change its answer
        } catch (RuntimeException first) {
            if (Thread.currentThread().isInterrupted()) {
                throw first;
            }
            if (timedOut(first)) {
                // the server may still be working on it: no second call (a tool may not be idempotent); the next
                // request gets a new connection in case this one is dead
                drop(c);
                throw first;
            }
            LOG.warn("MCP server {} failed ({}); reconnecting once", name, first.toString());
            drop(c);
            try {
                return action.apply(client());
            } catch (RuntimeException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private static boolean timedOut(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The connected client; the lock covers connecting only, so that calls run in parallel. */
    private synchronized McpSyncClient client() {
        if (closed) {
            throw new IllegalStateException("MCP tool source " + name + " is closed");
        }
        return connected();
    }

    /** Forgets {@code broken} (closing it), unless another thread already replaced it. */
    private synchronized void drop(McpSyncClient broken) {
        if (client == broken) {
            disconnect();
        }
    }

    private McpSyncClient connected() {
        if (client == null) {
            McpSyncClient c = McpClient.sync(transport.get()).requestTimeout(requestTimeout)
                    .initializationTimeout(requestTimeout)
                    .clientInfo(new McpSchema.Implementation("llmkit", "0.1.0")).build();
            try {
                c.initialize();
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
            client = c;
        }
        return client;
    }

    private void disconnect() {
        McpSyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a broken MCP client failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    @Override
    public String toString() {
        return "McpToolSource[" + name + "]";
    }

    /** One tool of the server. */
    private final class McpTool implements dev.llmkit.api.Tool {
        private final ToolSpec spec;
        private final String serverName;

        McpTool(McpSchema.Tool tool) {
            JsonNode schema = McpContent.inputSchema(JSON, tool);
            String description = tool.description() == null ? tool.name() : tool.description();
            this.serverName = tool.name();
            this.spec = ToolSpec.of(prefix + tool.name(), description, schema);
        }

        @Override
        public ToolSpec spec() {
            return spec;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            Map<String, Object> args;
            try {
                args = call.arguments().isBlank() ? new HashMap<>()
                        : JSON.readValue(call.arguments(), new TypeReference<Map<String, Object>>() {});
            } catch (java.io.IOException e) {
                return ToolResult.error("The arguments of " + spec.name() + " are not a JSON object. Call it again"
                        + " with a JSON object matching its schema.");
            }
            McpSchema.CallToolResult r;
            try {
                r = withClient(c -> c.callTool(new McpSchema.CallToolRequest(serverName, args)));
            } catch (RuntimeException e) {
                return ToolResult.error("MCP server " + name + " failed to run " + spec.name() + ": " + e.getMessage());
            }
            String text = McpContent.toolText(r.content());
            return Boolean.TRUE.equals(r.isError()) ? ToolResult.error(text) : ToolResult.of(text);
        }

        @Override
        public String toString() {
            return "McpTool{" + name + "/" + spec.name() + "}";
        }
    }

    /** Builds an {@link McpToolSource}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private Supplier<McpClientTransport> transport = () -> {
            throw new IllegalStateException("no transport");
        };
        private Map<String, String> env = new HashMap<>();
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private @Nullable Set<String> only;
        private String prefix = "";

        private Builder(String name) {
            this.name = name;
        }

        /** Environment variables for a stdio server's process (added to a minimal default set). */
        public Builder env(Map<String, String> env) {
            this.env = new HashMap<>(env);
            return this;
        }

        /** The bound on one request, the first connection included (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Offers only these of the server's tools to the agent (an allowlist). */
        public Builder only(String... toolNames) {
            this.only = Set.of(toolNames);
            return this;
        }

        /**
         * A prefix for the tools' names as the model sees them (e.g. {@code files_}), so that tools of several
         * servers, or of a server and your own code, never share a name; calls reach the server by its own names.
         */
        public Builder prefix(String prefix) {
            if (!prefix.matches("[A-Za-z0-9_-]{0,32}")) {
                throw new IllegalArgumentException("prefix '" + prefix + "' must be up to 32 letters, digits, '_' or"
                        + " '-'");
            }
            this.prefix = prefix;
            return this;
        }

        /** Builds the source; it connects when its tools are first asked for. */
        public McpToolSource build() {
            return new McpToolSource(this);
        }
    }
}
