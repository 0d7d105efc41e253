package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * A call is about to be sent to a model.
 *
 * @param request the request as sent
 * @param model the model it is sent to
 * @param at when
 */
public record RequestEvent(ChatRequest request, String model, Instant at) {

    /** Validates. */
    public RequestEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(at, "at");
    }
}
