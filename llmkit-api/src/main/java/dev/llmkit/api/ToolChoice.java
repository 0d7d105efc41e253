package dev.llmkit.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether and which tool the model must call.
 *
 * @param mode auto, none, required, or a specific tool
 * @param toolName the tool to call when {@code mode} is {@link Mode#SPECIFIC}; empty otherwise
 */
public record ToolChoice(Mode mode, Optional<String> toolName) {

    /** The model decides (the providers' default). */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, Optional.empty());
    /** The model must not call tools. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, Optional.empty());
    /** The model must call at least one tool. */
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, Optional.empty());

    /** Validates. */
    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(toolName, "toolName");
        if ((mode == Mode.SPECIFIC) != toolName.isPresent()) {
            throw new IllegalArgumentException("toolName is required for SPECIFIC and only for SPECIFIC, mode was " + mode);
        }
    }

    /** The model must call this tool. */
    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.SPECIFIC, Optional.of(name));
    }

    /** The kinds of tool choice. */
    public enum Mode {
        /** The model decides. */
        AUTO,
        /** No tool calls. */
        NONE,
        /** At least one tool call. */
        REQUIRED,
        /** A call to the named tool. */
        SPECIFIC
    }
}
