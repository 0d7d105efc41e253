package dev.llmkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.agent.McpToolSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The MCP servers named in {@code llmkit agent --mcp FILE}, in the format MCP clients share. Each server's tools are
 * offered under its name as a prefix ({@code files_read_text_file}), so that no two tools share a name:
 *
 * <pre>
 * {"mcpServers": {
 *   "files":  {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/data"], "env": {}},
 *   "remote": {"url": "http://localhost:3000/mcp"}
 * }}
 * </pre>
 */
final class McpConfig {
    private McpConfig() {}

    /**
     * Reads {@code file} into unconnected tool sources, one per server.
     *
     * @throws CliException (exit 2) when the file is missing or malformed, saying what is wrong
     */
    static List<McpToolSource> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new CliException(2, "Cannot read the MCP config " + file + ": " + e.getMessage());
        }
        JsonNode servers = root == null ? null : root.get("mcpServers");
        if (servers == null || !servers.isObject() || servers.isEmpty()) {
            throw new CliException(2, "The MCP config " + file + " needs an \"mcpServers\" object with at least one"
                    + " server, e.g. {\"mcpServers\": {\"files\": {\"command\": \"npx\", \"args\": [...]}}}");
        }
        List<McpToolSource> sources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            String prefix = e.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + "_";
            if (prefix.length() > 33) {
                throw new CliException(2, "MCP server name '" + e.getKey() + "' in " + file + " is longer than 32"
                        + " characters");
            }
            if (s.hasNonNull("url")) {
                sources.add(McpToolSource.http(s.get("url").asText()).prefix(prefix).build());
            } else if (s.hasNonNull("command")) {
                List<String> args = new ArrayList<>();
                s.path("args").forEach(a -> args.add(a.asText()));
                Map<String, String> env = new HashMap<>();
                s.path("env").fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
                sources.add(McpToolSource.stdio(s.get("command").asText(), args.toArray(String[]::new)).env(env)
                        .prefix(prefix).build());
            } else {
                throw new CliException(2, "MCP server '" + e.getKey() + "' in " + file + " needs a \"command\" (with"
                        + " \"args\") or a \"url\"");
            }
        }
        return sources;
    }
}
