package dev.llmkit.agent;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RunStore} in this process's memory: runs survive an exception, not a restart. Thread-safe. */
public final class InMemoryRunStore implements RunStore {
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();

    @Override
    public void save(RunState state) {
        runs.put(state.runId(), state);
    }

    @Override
    public Optional<RunState> load(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void delete(String runId) {
        runs.remove(runId);
    }

    @Override
    public String toString() {
        return "InMemoryRunStore[" + runs.size() + " runs]";
    }
}
