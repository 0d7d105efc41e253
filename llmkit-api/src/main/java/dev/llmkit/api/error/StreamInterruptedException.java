package dev.llmkit.api.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stream ended before its terminal event: the connection dropped, the server closed the body without
 * {@code [DONE]} / {@code message_stop}, or a chunk could not be parsed.
 *
 * <p>Carries what was already delivered to the handler ({@link #partialText()}, {@link #tokensDelivered()}), so
 * nothing is lost and nothing is replayed. Retryable only when no token was delivered: after the first token,
 * repeating the call would duplicate text in the caller's handler.
 */
public class StreamInterruptedException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final String partialText;
    private final int tokensDelivered;

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
        super(message, cause, tokensDelivered == 0, info);
        if (tokensDelivered < 0) {
            throw new IllegalArgumentException("tokensDelivered must be >= 0: " + tokensDelivered);
        }
        this.partialText = Objects.requireNonNull(partialText, "partialText");
        this.tokensDelivered = tokensDelivered;
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
}
