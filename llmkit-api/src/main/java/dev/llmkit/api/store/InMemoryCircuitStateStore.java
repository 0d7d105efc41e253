package dev.llmkit.api.store;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CircuitStateStore} in this JVM's memory, with one lock per key held only to copy a record in or out, so
 * recording an outcome allocates nothing. Breakers built with the same instance and key share one state. Keys are
 * never evicted.
 */
public final class InMemoryCircuitStateStore implements CircuitStateStore {
    private final ConcurrentHashMap<String, CircuitRecord> records = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemoryCircuitStateStore() {
    }

    private CircuitRecord stored(String key) {
        CircuitRecord r = records.get(Objects.requireNonNull(key, "key"));
        return r != null ? r : records.computeIfAbsent(key, k -> new CircuitRecord());
    }

    @Override
    public void read(String key, CircuitRecord into) {
        CircuitRecord stored = stored(key);
        synchronized (stored) {
            into.copyFrom(stored);
        }
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, CircuitRecord next) {
        CircuitRecord stored = stored(key);
        synchronized (stored) {
            if (stored.version() != expectedVersion) {
                next.copyFrom(stored);
                return false;
            }
            next.version(expectedVersion + 1);
            stored.copyFrom(next);
            return true;
        }
    }

    @Override
    public String toString() {
        return "InMemoryCircuitStateStore[" + records.size() + " keys]";
    }
}
