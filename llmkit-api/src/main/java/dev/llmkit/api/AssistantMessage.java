package dev.llmkit.api;

import java.util.List;
import java.util.Objects;

/**
 * A message from the model: text, tool calls, or both.
 *
 * @param text the text; empty when the model only called tools
 * @param toolCalls the tool calls the model asked for, in order; unmodifiable
 */
public record AssistantMessage(String text, List<ToolCall> toolCalls) implements Message {

    /** Validates and copies. */
    public AssistantMessage {
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
    }

    /** An assistant message with text only. */
    public static AssistantMessage of(String text) {
        return new AssistantMessage(text, List.of());
    }

    /** An assistant message with tool calls only. */
    public static AssistantMessage ofToolCalls(List<ToolCall> toolCalls) {
        return new AssistantMessage("", toolCalls);
    }

    @Override
    public Role role() {
        return Role.ASSISTANT;
    }

    /** Whether the model asked for at least one tool call. */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
