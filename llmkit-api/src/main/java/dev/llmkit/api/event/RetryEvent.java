package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Objects;

/**
 * A retry layer will retry a failed attempt after a delay.
 *
 * @param request the request
 * @param component the retry layer's name
 * @param attempt the number of the attempt about to start, from 2
 * @param cause why the previous attempt failed
 * @param delay how long the layer waits first
 */
public record RetryEvent(ChatRequest request, String component, int attempt, LlmException cause, Duration delay) {

    /** Validates. */
    public RetryEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(delay, "delay");
        if (attempt < 2) {
            throw new IllegalArgumentException("a retry is attempt 2 or later, got " + attempt);
        }
    }
}
