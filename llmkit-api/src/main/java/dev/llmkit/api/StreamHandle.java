package dev.llmkit.api;

/**
 * Controls a running stream. Thread-safe.
 */
public interface StreamHandle {

    /**
     * Stops the stream and releases its connection. Idempotent. After it returns the handler receives no terminal
     * callback; a token callback already in progress may complete.
     */
    void cancel();

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled();

    /**
     * The handle of a stream that ended before it could be controlled (it failed at once, or answered
     * synchronously): {@code cancel()} does nothing and {@code isCancelled()} is false.
     */
    static StreamHandle ended() {
        return EndedStream.INSTANCE;
    }
}
