package dev.llmkit.api;

import java.util.Objects;

/**
 * What a tool returned.
 *
 * @param content the result text (usually JSON) or, for an error, what went wrong in words the model can act on
 * @param isError whether the call failed
 */
public record ToolResult(String content, boolean isError) {

    /** Validates. */
    public ToolResult {
        Objects.requireNonNull(content, "content");
    }

    /** A successful result. */
    public static ToolResult of(String content) {
        return new ToolResult(content, false);
    }

    /** A failed call, explained. */
    public static ToolResult error(String message) {
        return new ToolResult(message, true);
    }

    /** The message that carries this result back to the model. */
    public ToolResultMessage toMessage(ToolCall call) {
        return new ToolResultMessage(call.id(), call.name(), content, isError);
    }
}
