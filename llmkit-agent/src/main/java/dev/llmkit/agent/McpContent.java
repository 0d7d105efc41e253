package dev.llmkit.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** How {@link McpToolSource} turns MCP schemas and content into what llmkit's tools take and return. */
final class McpContent {
    private McpContent() {}

    /** A tool's input schema as a JSON object schema with {@code properties}, whatever the server sent. */
    static JsonNode inputSchema(ObjectMapper json, McpSchema.Tool tool) {
        JsonNode schema = tool.inputSchema() == null ? json.createObjectNode().put("type", "object")
                : json.valueToTree(tool.inputSchema());
        if (!schema.isObject()) {
            schema = json.createObjectNode().put("type", "object");
        }
        if (!schema.has("properties")) {
            ((ObjectNode) schema).putObject("properties");
        }
        return schema;
    }

    /** A tool result's parts, one per line: text as it is, other parts named by type. */
    static String toolText(List<McpSchema.Content> content) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content c : content) {
            if (text.length() > 0) {
                text.append('\n');
            }
            if (c instanceof McpSchema.TextContent t) {
                text.append(t.text());
            } else {
                text.append('[').append(c.type()).append(" content]");
            }
        }
        return text.toString();
    }

    /** A resource's parts, one per line: text as it is, a binary part named by URI and type. */
    static String text(List<McpSchema.ResourceContents> contents) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.ResourceContents c : contents) {
            if (text.length() > 0) {
                text.append('\n');
            }
            if (c instanceof McpSchema.TextResourceContents t) {
                text.append(t.text());
            } else {
                text.append("[binary resource ").append(c.uri()).append(", ").append(c.mimeType()).append(']');
            }
        }
        return text.toString();
    }
}
