package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.util.Objects;

/**
 * A router chose where to send a call.
 *
 * @param request the request
 * @param route the name of the chosen route
 * @param model the model the route sends to
 */
public record RouteEvent(ChatRequest request, String route, String model) {

    /** Validates. */
    public RouteEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(model, "model");
    }
}
