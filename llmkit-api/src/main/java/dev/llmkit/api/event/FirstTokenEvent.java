package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * The first token of a stream arrived.
 *
 * @param request the request
 * @param model the model streaming
 * @param timeToFirstToken from the call to the first token
 */
public record FirstTokenEvent(ChatRequest request, String model, Duration timeToFirstToken) {

    /** Validates. */
    public FirstTokenEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    }
}
