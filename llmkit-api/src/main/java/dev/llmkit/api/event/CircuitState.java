package dev.llmkit.api.event;

/** The states of a circuit breaker. */
public enum CircuitState {
    /** Calls flow; failures are counted. */
    CLOSED,
    /** Calls are refused until the wait duration passes. */
    OPEN,
    /** A limited number of probe calls decide whether to close or open again. */
    HALF_OPEN
}
