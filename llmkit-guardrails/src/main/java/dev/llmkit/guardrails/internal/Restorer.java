package dev.llmkit.guardrails.internal;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts masked values back into a model's answer: in its text, also when a placeholder arrives split across streamed
 * tokens ({@link #safeEnd}), and in tool-call arguments (a tool needs the real address, not {@code <EMAIL_1>}).
 */
public final class Restorer {
    /** Restores nothing. */
    public static final Restorer NONE = new Restorer(Map.of());

    private final Map<String, String> placeholders;
    private final int longest;

    /** A restorer for placeholder to original value. */
    public Restorer(Map<String, String> placeholders) {
        this.placeholders = Map.copyOf(placeholders);
        this.longest = this.placeholders.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** Whether there is nothing to restore. */
    public boolean isEmpty() {
        return placeholders.isEmpty();
    }

    /** {@code text} with every placeholder replaced by its value. */
    public String restore(String text) {
        if (placeholders.isEmpty() || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            if (result.contains(e.getKey())) {
                result = result.replace(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    /**
     * The end, at most {@code limit}, up to which {@code raw} (from {@code from}) can be restored and delivered now:
     * before a trailing piece that may still grow into a placeholder.
     */
    public int safeEnd(CharSequence raw, int from, int limit) {
        if (placeholders.isEmpty() || limit <= from) {
            return Math.max(from, limit);
        }
        for (int i = Math.max(from, limit - longest + 1); i < limit; i++) {
            if (raw.charAt(i) != '<') {
                continue;
            }
            int seen = limit - i;
            for (String p : placeholders.keySet()) {
                if (seen < p.length() && startsWith(p, raw, i, seen)) {
                    return i; // this piece may be the start of a placeholder whose rest is still to come
                }
            }
        }
        return limit;
    }

    private static boolean startsWith(String placeholder, CharSequence raw, int at, int length) {
        for (int k = 0; k < length; k++) {
            if (placeholder.charAt(k) != raw.charAt(at + k)) {
                return false;
            }
        }
        return true;
    }

    /** {@code response} with its text and tool-call arguments restored. */
    public ChatResponse restore(ChatResponse response) {
        if (placeholders.isEmpty()) {
            return response;
        }
        List<ToolCall> calls = new ArrayList<>(response.toolCalls().size());
        for (ToolCall c : response.toolCalls()) {
            calls.add(restore(c));
        }
        return response.toBuilder().message(new AssistantMessage(restore(response.text()), calls)).build();
    }

    /** {@code call} with its arguments restored. */
    public ToolCall restore(ToolCall call) {
        String args = restore(call.arguments());
        return args.equals(call.arguments()) ? call : new ToolCall(call.id(), call.name(), args);
    }
}
