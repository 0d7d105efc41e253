package dev.llmkit.api.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stream ended before its terminal event: the connection dropped, the server closed the body without
 * {@code [DONE]} / {@code message_stop}, a chunk could not be parsed, or a time limit passed mid-stream.
 *
 * <p>Carries what was already delivered to the handler ({@link #partialText()}, {@link #tokensDelivered()},
 * {@link #toolCallsDelivered()}), so nothing is lost and nothing is replayed. Retryable only when nothing was
 * delivered: after the first token or tool call, repeating the call would duplicate text in the caller's handler, or
 * run a tool twice.
 */
public class StreamInterruptedException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final String partialText;
    private final int tokensDelivered;
    private final int toolCallsDelivered;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param cause the underlying failure, if any
     * @param info provider details
     * @param partialText the text already delivered through {@code onToken}
     * @param tokensDelivered how many {@code onToken} calls were made
     */
    public StreamInterruptedException(String message, @Nullable Throwable cause, ErrorInfo info,
            String partialText, int tokensDelivered) {
        this(message, cause, info, partialText, tokensDelivered, 0);
    }

    /**
     * Creates the exception for a stream that had also delivered tool calls.
     *
     * @param message what happened and what to do
     * @param cause the underlying failure, if any
     * @param info provider details
     * @param partialText the text already delivered through {@code onToken}
     * @param tokensDelivered how many {@code onToken} calls were made
     * @param toolCallsDelivered how many {@code onToolCall} calls were made
     */
    public StreamInterruptedException(String message, @Nullable Throwable cause, ErrorInfo info,
            String partialText, int tokensDelivered, int toolCallsDelivered) {
        super(message, cause, tokensDelivered == 0 && toolCallsDelivered == 0, info);
        if (tokensDelivered < 0 || toolCallsDelivered < 0) {
            throw new IllegalArgumentException("delivered counts must be >= 0: " + tokensDelivered + ", "
                    + toolCallsDelivered);
        }
        this.partialText = Objects.requireNonNull(partialText, "partialText");
        this.tokensDelivered = tokensDelivered;
        this.toolCallsDelivered = toolCallsDelivered;
    }

    /** Creates the exception for a stream that delivered nothing. */
    public StreamInterruptedException(String message) {
        this(message, null, ErrorInfo.NONE, "", 0);
    }

    /** The text already delivered to the handler before the interruption. */
    public String partialText() {
        return partialText;
    }

    /** How many tokens (onToken calls) were delivered before the interruption. */
    public int tokensDelivered() {
        return tokensDelivered;
    }

    /** How many tool calls (onToolCall calls) were delivered before the interruption. */
    public int toolCallsDelivered() {
        return toolCallsDelivered;
    }
}
