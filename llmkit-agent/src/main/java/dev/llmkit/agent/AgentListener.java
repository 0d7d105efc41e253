package dev.llmkit.agent;

/**
 * Observes agent runs step by step; every method has a no-op default. Called on the agent's thread (tool calls too:
 * after a call has finished). An exception thrown here is logged at WARN and never reaches the run.
 */
public interface AgentListener {
    /** Ignores every event. */
    AgentListener NONE = new AgentListener() {
    };

    /** A model call finished. */
    default void onModelCall(AgentEvent event) {
    }

    /** A tool call finished, failed, was denied or timed out. */
    default void onToolCall(AgentEvent event) {
    }

    /** The run ended. */
    default void onFinished(AgentResult result) {
    }
}
