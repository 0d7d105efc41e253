package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.util.Objects;

/**
 * A fallback layer left one alternative for the next.
 *
 * @param request the request
 * @param from the alternative that failed
 * @param to the alternative tried next
 * @param cause why {@code from} failed
 */
public record FallbackEvent(ChatRequest request, String from, String to, LlmException cause) {

    /** Validates. */
    public FallbackEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
    }
}
