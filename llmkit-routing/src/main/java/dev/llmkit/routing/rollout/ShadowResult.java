package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One shadowed call: the request, what the primary answered the user, and what the candidate answered beside it.
 *
 * @param request the request both saw
 * @param primary the primary's response, or null when it failed
 * @param primaryError the primary's failure, or null
 * @param candidate the candidate's response, or null when it failed
 * @param candidateError the candidate's failure, or null
 * @param candidateLatency how long the candidate took
 */
public record ShadowResult(ChatRequest request, @Nullable ChatResponse primary, @Nullable LlmException primaryError,
        @Nullable ChatResponse candidate, @Nullable LlmException candidateError, Duration candidateLatency) {

    /** The primary's response, if it answered. */
    public Optional<ChatResponse> primaryResponse() {
        return Optional.ofNullable(primary);
    }

    /** The candidate's response, if it answered. */
    public Optional<ChatResponse> candidateResponse() {
        return Optional.ofNullable(candidate);
    }

    /** Whether both answered with the same text. */
    public boolean sameText() {
        return primary != null && candidate != null && primary.text().equals(candidate.text());
    }
}
