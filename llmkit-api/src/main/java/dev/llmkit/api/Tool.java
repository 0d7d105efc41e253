package dev.llmkit.api;

/**
 * A function the model can call: its {@link ToolSpec} and its execution.
 *
 * <p>Implementations must be thread-safe: an agent may run several calls of one tool in parallel. A failure should
 * be returned as {@link ToolResult#error(String)} so the model can read it and recover; an exception thrown here is
 * treated the same way by the agent loop. A tool that takes long checks {@link ToolContext#isCancelled()} and
 * {@link ToolContext#remaining()}.
 */
public interface Tool {

    /** What the model is told about this tool. */
    ToolSpec spec();

    /**
     * Runs one call and returns its result.
     *
     * @param call the model's request: id, tool name and JSON arguments
     * @param context the call it runs for: call id, user, deadline, cancellation, budget left
     */
    ToolResult execute(ToolCall call, ToolContext context);
}
