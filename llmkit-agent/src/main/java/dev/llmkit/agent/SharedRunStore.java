package dev.llmkit.agent;

import dev.llmkit.agent.internal.RunCodec;
import dev.llmkit.api.store.CacheStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RunStore} on any shared key-value {@link CacheStore} of text (a Redis store from llmkit-redis, for a
 * fleet): each run's latest checkpoint is one JSON entry under its run id, kept for a TTL after its last save, so a
 * run started on one instance resumes on another. Made by {@link RunStore#on}.
 */
final class SharedRunStore implements RunStore {
    private final CacheStore<String> store;
    private final Duration ttl;

    SharedRunStore(CacheStore<String> store, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A run store needs a positive TTL, got " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public void save(RunState state) {
        store.put(state.runId(), new String(RunCodec.write(state), StandardCharsets.UTF_8), ttl);
    }

    @Override
    public Optional<RunState> load(String runId) {
        return store.get(runId).map(json -> {
            try {
                return RunCodec.read(json.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read run " + runId + " from " + store + " (" + e.getMessage()
                        + "); delete it to start the run afresh", e);
            }
        });
    }

    @Override
    public void delete(String runId) {
        store.remove(runId);
    }

    @Override
    public String toString() {
        return "SharedRunStore[" + store + ", ttl " + ttl + "]";
    }
}
