package dev.llmkit.api.store;

/**
 * The shared state of circuit breakers by name, so that several breakers — in one JVM or across a fleet — act as
 * one: when one opens it, all refuse. The store knows nothing of thresholds; a breaker reads a
 * {@link CircuitSnapshot}, decides, and writes the next one with {@link #compareAndSet}, retrying when another
 * breaker wrote first. A Redis implementation keeps a snapshot in one hash and compares its version in one Lua script.
 *
 * <p>Breakers read the store only off their fast path (a closed breaker admits a call from its own memory), so a
 * breaker learns of a transition made elsewhere when it next records an outcome or is asked its state.
 * Implementations are thread-safe.
 */
public interface CircuitStateStore {

    /** The breaker's current snapshot; {@link CircuitSnapshot#INITIAL} when it was never written. */
    CircuitSnapshot read(String key);

    /**
     * Replaces the snapshot with {@code next} if the current one still has {@code expected}'s version, in one atomic
     * step.
     *
     * @param next built with {@code expected.next()}, so its version is one more than {@code expected}'s
     * @return whether {@code next} was written; when not, read again and decide again
     * @throws IllegalArgumentException when {@code next}'s version is not {@code expected}'s plus one
     */
    boolean compareAndSet(String key, CircuitSnapshot expected, CircuitSnapshot next);
}
