package dev.llmkit.agent;

import dev.llmkit.api.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What every shipped memory shares: sessions kept in a {@link MemoryStore}, bounded by {@link #kept} on each turn. */
abstract class StoredMemory implements ChatMemory {
    private final MemoryStore store;

    StoredMemory(MemoryStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public final List<Message> messages(String sessionId) {
        return store.load(sessionId);
    }

    @Override
    public final synchronized void add(String sessionId, List<Message> turn) {
        List<Message> all = new ArrayList<>(store.load(sessionId));
        all.addAll(turn);
        store.save(sessionId, kept(sessionId, all));
    }

    @Override
    public final void clear(String sessionId) {
        store.delete(sessionId);
    }

    /** What of {@code all} (the session's messages and the new turn, oldest first) the memory keeps. */
    abstract List<Message> kept(String sessionId, List<Message> all);
}
