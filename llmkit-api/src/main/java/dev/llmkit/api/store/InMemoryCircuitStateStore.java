package dev.llmkit.api.store;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link CircuitStateStore} in this JVM's memory, lock-free: each key holds its snapshot in an atomic reference
 * replaced by compare-and-set. Breakers built with the same instance and key share one state. Keys are never evicted.
 */
public final class InMemoryCircuitStateStore implements CircuitStateStore {
    private final ConcurrentHashMap<String, AtomicReference<CircuitSnapshot>> states = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemoryCircuitStateStore() {
    }

    private AtomicReference<CircuitSnapshot> ref(String key) {
        AtomicReference<CircuitSnapshot> ref = states.get(Objects.requireNonNull(key, "key"));
        return ref != null ? ref : states.computeIfAbsent(key, k -> new AtomicReference<>(CircuitSnapshot.INITIAL));
    }

    @Override
    public CircuitSnapshot read(String key) {
        return ref(key).get();
    }

    @Override
    public boolean compareAndSet(String key, CircuitSnapshot expected, CircuitSnapshot next) {
        if (next.version() != expected.version() + 1) {
            throw new IllegalArgumentException("Build the next snapshot with expected.next(): expected version "
                    + expected.version() + ", next version " + next.version());
        }
        AtomicReference<CircuitSnapshot> ref = ref(key);
        while (true) {
            CircuitSnapshot current = ref.get();
            if (current.version() != expected.version()) {
                return false;
            }
            if (ref.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryCircuitStateStore[" + states.size() + " keys]";
    }
}
