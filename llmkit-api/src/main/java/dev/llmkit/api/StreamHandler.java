package dev.llmkit.api;

import dev.llmkit.api.error.LlmException;

/**
 * Receives a streamed answer.
 *
 * <p>Contract every {@link ChatModel} keeps:
 * <ul>
 *   <li>Callbacks are made one at a time (never concurrently), in order, on a thread the model chooses, which may
 *       be the caller's thread before {@link ChatModel#stream} returns. {@link #onStart} comes first, once.</li>
 *   <li>{@link #onToken} receives text deltas; concatenated, they equal the final message's text. A token is never
 *       delivered twice.</li>
 *   <li>{@link #onToolCall} receives each complete tool call once, after its arguments have fully arrived.</li>
 *   <li>Exactly one terminal callback follows: {@link #onComplete} or {@link #onError}, then nothing more.
 *       After {@link StreamHandle#cancel()} the model makes no terminal callback.</li>
 *   <li>Nothing arrives after the terminal callback, not even from a timer that fires at the same moment.</li>
 * </ul>
 * A handler whose {@link #onToken} or {@link #onToolCall} throws ends the stream: the call is cancelled and the
 * handler receives one {@link #onError} whose cause is the thrown exception. An exception thrown by
 * {@link #onComplete} or {@link #onError} is logged at WARN (the stream has already ended).
 */
public interface StreamHandler {

    /**
     * The stream started: called exactly once, before any other callback, with a handle that cancels this stream
     * (the one {@link ChatModel#stream} returns, or one equivalent to it). A handler that checks output as it arrives
     * (a guardrail) keeps it to stop the stream at the first bad token. A handler whose {@code onStart} throws gets
     * one {@link #onError} and the stream is not started. The default ignores it.
     */
    default void onStart(StreamHandle handle) {
    }

    /** A text delta. */
    void onToken(String token);

    /** A complete tool call. The default ignores it (its calls are also on the final response). */
    default void onToolCall(ToolCall toolCall) {
    }

    /** The stream finished; the response holds the whole message, usage and timings. */
    void onComplete(ChatResponse response);

    /**
     * The stream failed. A {@link dev.llmkit.api.error.StreamInterruptedException} says how much was delivered.
     */
    void onError(LlmException error);
}
