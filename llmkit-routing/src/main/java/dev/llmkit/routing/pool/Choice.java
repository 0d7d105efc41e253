package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatRequest;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Strategy} chooses from: the call's request and the deployments that may take it now (healthy, within
 * their limits, with a context window that fits). One object per choice so that it can grow.
 */
public final class Choice {
    private final ChatRequest request;
    private final List<DeploymentState> candidates;
    private final boolean streaming;
    private final int estimatedInputTokens;
    private final int estimatedOutputTokens;

    /**
     * Creates a choice.
     *
     * @param request the call's request
     * @param candidates the deployments that may take it; not empty
     * @param streaming whether the call streams
     * @param estimatedInputTokens the prompt's estimated tokens
     * @param estimatedOutputTokens the output expected ({@code maxOutputTokens} when set)
     */
    public Choice(ChatRequest request, List<DeploymentState> candidates, boolean streaming, int estimatedInputTokens,
            int estimatedOutputTokens) {
        this.request = Objects.requireNonNull(request, "request");
        this.candidates = List.copyOf(candidates);
        if (this.candidates.isEmpty()) {
            throw new IllegalArgumentException("a choice needs at least one candidate");
        }
        this.streaming = streaming;
        this.estimatedInputTokens = estimatedInputTokens;
        this.estimatedOutputTokens = estimatedOutputTokens;
    }

    /** The call's request. */
    public ChatRequest request() {
        return request;
    }

    /** The deployments that may take the call, in the pool's order; not empty, unmodifiable. */
    public List<DeploymentState> candidates() {
        return candidates;
    }

    /** Whether the call streams (latency then means time to first token). */
    public boolean streaming() {
        return streaming;
    }

    /** The prompt's estimated tokens, from the pool's token counter. */
    public int estimatedInputTokens() {
        return estimatedInputTokens;
    }

    /** The output tokens expected: the request's {@code maxOutputTokens}, or the pool's default estimate. */
    public int estimatedOutputTokens() {
        return estimatedOutputTokens;
    }
}
