package dev.llmkit.agent;

import java.util.Optional;

/**
 * Keeps each run's latest {@link RunState}, so that a run survives the process that started it. The agent saves a
 * checkpoint after every model answer and every tool result, before it goes on; a save that returns has made the
 * checkpoint durable. {@link InMemoryRunStore} serves one process, {@link FileRunStore} survives a killed one, and
 * {@link #on} keeps runs in a shared key-value store (Redis, through llmkit-redis) so that a run started on one instance
 * resumes on another. Implementations are thread-safe.
 */
public interface RunStore {

    /**
     * Runs kept as JSON text in {@code store} under their run ids, each for {@code ttl} after its last save.
     *
     * <pre>{@code
     * RunStore runs = RunStore.on(redis.cache("agent-runs", RedisCacheStore.Codec.strings()), Duration.ofDays(7));
     * }</pre>
     *
     * A save is as durable as the store makes a write (Redis: as its persistence is configured).
     */
    static RunStore on(dev.llmkit.api.store.CacheStore<String> store, java.time.Duration ttl) {
        return new SharedRunStore(store, ttl);
    }

    /** Saves {@code state} as its run's latest checkpoint. */
    void save(RunState state);

    /** The latest checkpoint of run {@code runId}, if there is one. */
    Optional<RunState> load(String runId);

    /** Forgets run {@code runId}. */
    void delete(String runId);
}
