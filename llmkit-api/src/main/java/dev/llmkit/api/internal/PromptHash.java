package dev.llmkit.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.UserMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The SHA-256 of a request's prompt part: messages, model, sampling parameters, stop sequences, tools, tool choice,
 * parallel tool calls and response format, in a length-prefixed encoding (no two prompts encode alike), with JSON
 * object keys sorted so that key order in a schema does not change the hash. The call context (deadline, call id,
 * tenant, tags) is left out on purpose.
 */
public final class PromptHash {
    /** Bumped when the encoding changes, so stored hashes from an older encoding never match. */
    private static final String VERSION = "llmkit-prompt-v1";

    private final MessageDigest digest;

    private PromptHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
    }

    /** The hex SHA-256 of {@code request}'s prompt part. */
    public static String of(ChatRequest request) {
        PromptHash h = new PromptHash();
        h.str(VERSION);
        h.list(request.messages().size());
        for (Message m : request.messages()) {
            h.message(m);
        }
        h.opt(request.model());
        h.opt(request.temperature());
        h.opt(request.topP());
        h.opt(request.maxOutputTokens());
        h.list(request.stop().size());
        request.stop().forEach(h::str);
        h.list(request.tools().size());
        for (ToolSpec t : request.tools()) {
            h.str(t.name());
            h.str(t.description());
            h.json(t.parameters());
            h.str(Boolean.toString(t.strict()));
        }
        h.str(request.toolChoice().mode().name());
        h.opt(request.toolChoice().toolName());
        h.opt(request.parallelToolCalls());
        h.str(request.responseFormat().type().name());
        h.opt(request.responseFormat().schemaName());
        if (request.responseFormat().schema().isPresent()) {
            h.str("schema");
            h.json(request.responseFormat().schema().get());
        } else {
            h.str("-");
        }
        h.str(Boolean.toString(request.responseFormat().strict()));
        h.opt(request.seed());
        return HexFormat.of().formatHex(h.digest.digest());
    }

    private void message(Message m) {
        if (m instanceof SystemMessage s) {
            str("system");
            str(s.text());
        } else if (m instanceof UserMessage u) {
            str("user");
            list(u.parts().size());
            for (ContentPart p : u.parts()) {
                if (p instanceof ContentPart.Text t) {
                    str("text");
                    str(t.text());
                } else if (p instanceof ContentPart.ImageUrl i) {
                    str("image-url");
                    str(i.url().toString());
                } else if (p instanceof ContentPart.ImageData d) {
                    str("image-data");
                    str(d.mediaType());
                    bytes(d.data());
                } else {
                    throw new IllegalStateException("unhashed content part " + p.getClass().getName());
                }
            }
        } else if (m instanceof AssistantMessage a) {
            str("assistant");
            str(a.text());
            list(a.toolCalls().size());
            for (ToolCall c : a.toolCalls()) {
                str(c.id());
                str(c.name());
                str(c.arguments());
            }
        } else if (m instanceof ToolResultMessage r) {
            str("tool");
            str(r.toolCallId());
            str(r.toolName());
            str(r.text());
            str(Boolean.toString(r.isError()));
        } else {
            throw new IllegalStateException("unhashed message " + m.getClass().getName());
        }
    }

    private void json(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            str("{");
            list(names.size());
            for (String name : names) {
                str(name);
                json(node.get(name));
            }
        } else if (node.isArray()) {
            str("[");
            list(node.size());
            for (JsonNode item : node) {
                json(item);
            }
        } else {
            str(node.getNodeType().name());
            str(node.isTextual() ? node.textValue() : node.toString());
        }
    }

    private void opt(Optional<?> value) {
        if (value.isPresent()) {
            str("+");
            str(value.get().toString());
        } else {
            str("-");
        }
    }

    private void list(int size) {
        intBytes(size);
    }

    private void str(String s) {
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        intBytes(b.length);
        digest.update(b);
    }

    private void intBytes(int v) {
        digest.update((byte) (v >>> 24));
        digest.update((byte) (v >>> 16));
        digest.update((byte) (v >>> 8));
        digest.update((byte) v);
    }
}
