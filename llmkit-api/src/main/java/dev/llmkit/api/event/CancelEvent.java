package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * A call was cancelled before it ended (by its caller, a timeout or a guardrail): its final event, so whatever a
 * listener opened at the request (a span, a gauge of calls in flight) is closed. A call ends with exactly one of
 * {@link ResponseEvent}, {@link ErrorEvent} or this.
 *
 * @param request the request
 * @param model the model that was streaming
 * @param tokensDelivered text deltas delivered before the cancel
 * @param elapsed from the call to the cancel
 */
public record CancelEvent(ChatRequest request, String model, int tokensDelivered, Duration elapsed) {

    /** Validates. */
    public CancelEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(elapsed, "elapsed");
        if (tokensDelivered < 0) {
            throw new IllegalArgumentException("tokensDelivered must not be negative: " + tokensDelivered);
        }
    }
}
