package dev.llmkit.observability.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.observability.Redactor;
import java.util.List;
import java.util.Locale;

/** Prompts and answers as the GenAI conventions' message JSON, redacted. */
public final class Content {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Content() {}

    /** {@code [{"role":"user","parts":[{"type":"text","content":"..."}]}, ...]}, system messages left out. */
    public static String inputMessages(List<Message> messages, Redactor redactor) {
        ArrayNode out = JSON.createArrayNode();
        for (Message m : messages) {
            if (m.role() != Message.Role.SYSTEM) {
                out.add(message(m.role().name().toLowerCase(Locale.ROOT), m.text(), redactor));
            }
        }
        return out.toString();
    }

    /** The system messages' text, joined, redacted; empty when none. */
    public static String systemInstructions(List<Message> messages, Redactor redactor) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (m.role() == Message.Role.SYSTEM) {
                sb.append(sb.length() == 0 ? "" : "\n").append(m.text());
            }
        }
        return redactor.redact(sb.toString());
    }

    /** {@code [{"role":"assistant","parts":[...],"finish_reason":"stop"}]}. */
    public static String outputMessages(ChatResponse response, Redactor redactor) {
        ObjectNode m = message("assistant", response.text(), redactor);
        m.put("finish_reason", response.finishReason().name().toLowerCase(Locale.ROOT));
        return JSON.createArrayNode().add(m).toString();
    }

    private static ObjectNode message(String role, String text, Redactor redactor) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", role);
        m.putArray("parts").addObject().put("type", "text").put("content", redactor.redact(text));
        return m;
    }
}
