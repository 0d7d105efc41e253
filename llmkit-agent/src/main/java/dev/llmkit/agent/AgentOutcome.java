package dev.llmkit.agent;

/** How an agent run ended. */
public enum AgentOutcome {
    /** The model gave a final answer. */
    COMPLETED,
    /** The run used all its model steps. */
    MAX_STEPS,
    /** The run used its token budget. */
    MAX_TOKENS,
    /** The run used its dollar budget. */
    MAX_COST,
    /** The run used its wall time. */
    MAX_TIME,
    /** The model repeated the same tool call more often than allowed: it is stuck. */
    REPEATED_CALL,
    /** A model call failed (after the model's own retries); {@link AgentResult#error()} says why. */
    FAILED
}
