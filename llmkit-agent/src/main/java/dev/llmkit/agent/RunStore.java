package dev.llmkit.agent;

import java.util.Optional;

/**
 * Keeps each run's latest {@link RunState}, so that a run survives the process that started it. The agent saves a
 * checkpoint after every model answer and every tool result, before it goes on; a save that returns has made the
 * checkpoint durable. {@link InMemoryRunStore} serves one process, {@link FileRunStore} survives a killed one (a Redis
 * store for a fleet is planned). Implementations are thread-safe.
 */
public interface RunStore {

    /** Saves {@code state} as its run's latest checkpoint. */
    void save(RunState state);

    /** The latest checkpoint of run {@code runId}, if there is one. */
    Optional<RunState> load(String runId);

    /** Forgets run {@code runId}. */
    void delete(String runId);
}
