package dev.llmkit.agent;

import dev.llmkit.api.Message;
import java.util.List;

/**
 * A conversation's memory across agent runs, keyed by session id: what the model is shown of earlier turns. An agent
 * with a memory prepends it to a session's task ({@link Agent#chat}) and adds the task and the final answer to it
 * when the run completes. Implementations bound what they keep: {@link MessageWindowMemory} (the last messages),
 * {@link TokenWindowMemory} (the last tokens) and {@link SummarizingMemory} (a model's summary of the older turns).
 * They keep messages in a {@link MemoryStore}. Thread-safe.
 */
public interface ChatMemory {

    /** What the model is shown of session {@code sessionId}, oldest first. */
    List<Message> messages(String sessionId);

    /** Adds one turn (the task and the answer) to session {@code sessionId}. */
    void add(String sessionId, List<Message> turn);

    /** Forgets session {@code sessionId}. */
    void clear(String sessionId);
}
