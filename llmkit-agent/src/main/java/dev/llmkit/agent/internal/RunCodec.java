package dev.llmkit.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.agent.AgentOutcome;
import dev.llmkit.agent.RunState;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.UserMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Writes a {@link RunState} as JSON and reads it back, every kind of message and content part included. */
public final class RunCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The format's version, written into every checkpoint. */
    public static final int VERSION = 1;

    private RunCodec() {}

    /** {@code state} as JSON bytes. */
    public static byte[] write(RunState state) {
        ObjectNode root = JSON.createObjectNode().put("version", VERSION).put("runId", state.runId())
                .put("task", state.task()).put("steps", state.steps()).put("tokens", state.tokens())
                .put("cost", state.cost().toPlainString());
        if (state.outcome() != null) {
            root.put("outcome", state.outcome().name());
        }
        ArrayNode messages = root.putArray("messages");
        for (Message m : state.messages()) {
            messages.add(message(m));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a run state is always writable as JSON", e);
        }
    }

    private static ObjectNode message(Message m) {
        ObjectNode n = JSON.createObjectNode();
        if (m instanceof SystemMessage s) {
            n.put("role", "system").put("text", s.text());
        } else if (m instanceof UserMessage u) {
            n.put("role", "user");
            ArrayNode parts = n.putArray("parts");
            for (ContentPart p : u.parts()) {
                if (p instanceof ContentPart.Text t) {
                    parts.addObject().put("type", "text").put("text", t.text());
                } else if (p instanceof ContentPart.ImageUrl i) {
                    parts.addObject().put("type", "image_url").put("url", i.url().toString());
                } else if (p instanceof ContentPart.ImageData d) {
                    parts.addObject().put("type", "image_data").put("mediaType", d.mediaType())
                            .put("data", Base64.getEncoder().encodeToString(d.data()));
                }
            }
        } else if (m instanceof AssistantMessage a) {
            n.put("role", "assistant").put("text", a.text());
            ArrayNode calls = n.putArray("toolCalls");
            for (ToolCall c : a.toolCalls()) {
                calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
            }
        } else if (m instanceof ToolResultMessage t) {
            n.put("role", "tool").put("toolCallId", t.toolCallId()).put("toolName", t.toolName())
                    .put("text", t.text()).put("isError", t.isError());
        }
        return n;
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IOException when the bytes are not a checkpoint of this format
     */
    public static RunState read(byte[] bytes) throws IOException {
        try {
            return readChecked(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("a malformed checkpoint: " + e.getMessage(), e);
        }
    }

    private static RunState readChecked(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || root.path("version").asInt() != VERSION) {
            throw new IOException("not an llmkit agent checkpoint of version " + VERSION);
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode n : root.path("messages")) {
            messages.add(message(n));
        }
        String outcome = root.path("outcome").asText("");
        return new RunState(root.path("runId").asText(), root.path("task").asText(), messages,
                root.path("steps").asInt(), root.path("tokens").asLong(), new BigDecimal(root.path("cost").asText("0")),
                outcome.isEmpty() ? null : AgentOutcome.valueOf(outcome));
    }

    private static Message message(JsonNode n) throws IOException {
        switch (n.path("role").asText()) {
            case "system":
                return new SystemMessage(n.path("text").asText());
            case "user": {
                List<ContentPart> parts = new ArrayList<>();
                for (JsonNode p : n.path("parts")) {
                    switch (p.path("type").asText()) {
                        case "text" -> parts.add(new ContentPart.Text(p.path("text").asText()));
                        case "image_url" -> parts.add(new ContentPart.ImageUrl(URI.create(p.path("url").asText())));
                        case "image_data" -> parts.add(new ContentPart.ImageData(
                                Base64.getDecoder().decode(p.path("data").asText()), p.path("mediaType").asText()));
                        default -> throw new IOException("unknown content part " + p.path("type").asText());
                    }
                }
                return new UserMessage(parts);
            }
            case "assistant": {
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode c : n.path("toolCalls")) {
                    calls.add(new ToolCall(c.path("id").asText(), c.path("name").asText(),
                            c.path("arguments").asText()));
                }
                return new AssistantMessage(n.path("text").asText(), calls);
            }
            case "tool":
                return new ToolResultMessage(n.path("toolCallId").asText(), n.path("toolName").asText(),
                        n.path("text").asText(), n.path("isError").asBoolean());
            default:
                throw new IOException("unknown message role " + n.path("role").asText());
        }
    }
}
