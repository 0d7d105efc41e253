package dev.llmkit.agent;

import dev.llmkit.api.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link ChatMemory} keeps each session's messages: {@link #inMemory()} for one process; implement it over a
 * database or Redis to share sessions across a fleet. Implementations are thread-safe.
 */
public interface MemoryStore {

    /** The session's messages, oldest first; empty for an unknown session. */
    List<Message> load(String sessionId);

    /** Replaces the session's messages. */
    void save(String sessionId, List<Message> messages);

    /** Forgets the session. */
    void delete(String sessionId);

    /** A store in this process's memory. */
    static MemoryStore inMemory() {
        Map<String, List<Message>> sessions = new ConcurrentHashMap<>();
        return new MemoryStore() {
            @Override
            public List<Message> load(String sessionId) {
                return sessions.getOrDefault(sessionId, List.of());
            }

            @Override
            public void save(String sessionId, List<Message> messages) {
                sessions.put(sessionId, List.copyOf(messages));
            }

            @Override
            public void delete(String sessionId) {
                sessions.remove(sessionId);
            }

            @Override
            public String toString() {
                return "MemoryStore.inMemory[" + sessions.size() + " sessions]";
            }
        };
    }
}
