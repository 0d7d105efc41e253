package dev.llmkit.api.store;

import java.util.function.Consumer;

/**
 * An ordered channel through which the instances of a fleet tell each other of changes, so that what each keeps
 * in memory stays in step (a response cache's semantic index learns of answers another instance stored). Messages
 * are text; each subscriber gets every message published after it subscribed, this instance's own included, in
 * order, on the feed's own thread. Implementations are thread-safe.
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder(model).semantic(embeddings, 0.92)
 *         .store(redis.cache("answers", codec)).sync(redis.changes("answers")).build();
 * }</pre>
 */
public interface ChangeFeed {

    /**
     * Sends {@code message} to every subscriber. A feed that cannot send now keeps it (a bounded number) to send
     * later, or drops it with a warning; it never throws.
     */
    void publish(String message);

    /** Delivers every later message to {@code listener} until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<String> listener);
}
