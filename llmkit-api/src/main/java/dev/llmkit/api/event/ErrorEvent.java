package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Objects;

/**
 * A call failed.
 *
 * @param request the request
 * @param model the model that failed
 * @param error the failure
 * @param elapsed from the call to the failure
 */
public record ErrorEvent(ChatRequest request, String model, LlmException error, Duration elapsed) {

    /** Validates. */
    public ErrorEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
