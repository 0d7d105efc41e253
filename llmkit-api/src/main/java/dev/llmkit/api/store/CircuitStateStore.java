package dev.llmkit.api.store;

/**
 * The shared state of circuit breakers by name, so that several breakers — in one JVM or across a fleet — act as
 * one: when one opens it, all refuse. The store knows nothing of thresholds; a breaker keeps the last
 * {@link CircuitRecord} it saw, decides, and writes the next one with {@link #compareAndSet}; when another breaker
 * wrote first, the store hands back the current record in the same step and the breaker decides again. So a write
 * is one round trip for a remote store (a Redis implementation keeps a record in one hash and runs one Lua script
 * that compares the version and either writes or returns the current fields).
 *
 * <p>Breakers use the store only off their fast path (a closed breaker admits a call from its own memory), so a
 * breaker learns of a transition made elsewhere when it next records an outcome or is asked its state.
 * Implementations are thread-safe; they copy into and out of the caller's records and never keep them.
 */
public interface CircuitStateStore {

    /** Copies the breaker's current record into {@code into}; a breaker never written reads as a new record. */
    void read(String key, CircuitRecord into);

    /**
     * In one atomic step: when the stored version is {@code expectedVersion}, stores {@code next} with version
     * {@code expectedVersion + 1} (also set on {@code next}) and returns {@code true}; otherwise copies the current
     * record into {@code next} and returns {@code false}, so the caller decides again from what it now holds.
     */
    boolean compareAndSet(String key, long expectedVersion, CircuitRecord next);
}
