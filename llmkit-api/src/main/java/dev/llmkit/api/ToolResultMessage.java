package dev.llmkit.api;

import java.util.Objects;

/**
 * The result of a tool call, sent back to the model.
 *
 * @param toolCallId the id of the {@link ToolCall} this answers
 * @param toolName the tool's name (Anthropic and some servers want it)
 * @param text the result, usually JSON or plain text
 * @param isError whether the tool failed; the text then explains the failure to the model
 */
public record ToolResultMessage(String toolCallId, String toolName, String text, boolean isError) implements Message {

    /** Validates. */
    public ToolResultMessage {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(text, "text");
        if (toolCallId.isBlank()) {
            throw new IllegalArgumentException("toolCallId must not be blank");
        }
    }

    /** A successful result for a call. */
    public static ToolResultMessage of(ToolCall call, String text) {
        return new ToolResultMessage(call.id(), call.name(), text, false);
    }

    @Override
    public Role role() {
        return Role.TOOL;
    }
}
