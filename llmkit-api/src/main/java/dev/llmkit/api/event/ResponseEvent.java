package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Objects;

/**
 * A call completed; the response carries usage, latency and the model that answered.
 *
 * @param request the request
 * @param response the answer
 * @param cost the cost in US dollars, when the model's prices are known
 */
public record ResponseEvent(ChatRequest request, ChatResponse response, Optional<BigDecimal> cost) {

    /** Validates. */
    public ResponseEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(cost, "cost");
    }
}
