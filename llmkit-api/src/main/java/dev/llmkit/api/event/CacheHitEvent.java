package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.util.Objects;

/**
 * A cache answered the call without calling the model.
 *
 * @param request the request
 * @param cache which cache, {@code "exact"} or {@code "semantic"}
 * @param similarity 1.0 for an exact hit, the cosine similarity for a semantic one
 */
public record CacheHitEvent(ChatRequest request, String cache, double similarity) {

    /** Validates. */
    public CacheHitEvent {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(cache, "cache");
    }
}
