package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.ContextLengthExceededException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.routing.pool.internal.Tracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One call through a pool: which deployments it tried, the context window it needs, and the last failure. Chooses the
 * deployment for each attempt and decides whether a failure may go to another one. Used by one attempt at a time.
 */
final class PoolCall {
    private final DeploymentPool pool;
    private final boolean streaming;
    private final int inputTokens;
    private final int outputTokens;
    private final long windowNeeded;
    /** The deployments tried so far; a list only once a call fails over (most calls try one). */
    private @Nullable Tracker first;
    private @Nullable List<Tracker> more;
    private long selectedAt;
    private long largerThan;
    private @Nullable LlmException last;

    PoolCall(DeploymentPool pool, ChatRequest request, boolean streaming) {
        this.pool = pool;
        this.streaming = streaming;
        this.inputTokens = pool.estimates() ? pool.tokenCounter().countMessages(request.messages()) : 0;
        Optional<Integer> max = request.maxOutputTokens();
        this.outputTokens = max.orElse(DeploymentPool.DEFAULT_OUTPUT_TOKENS);
        this.windowNeeded = (long) inputTokens + max.orElse(0);
    }

    /** The tokens counted against a deployment's TPM limit when the call is sent. */
    long tokens() {
        return inputTokens;
    }

    /** The scheduler's {@code nanoTime} when the last deployment was chosen: the attempt's start. */
    long selectedAt() {
        return selectedAt;
    }

    private boolean tried(Tracker t) {
        return t == first || more != null && more.contains(t);
    }

    boolean streaming() {
        return streaming;
    }

    private boolean fits(Tracker t) {
        Optional<Integer> window = t.deployment().contextWindow();
        return window.isEmpty() || window.get() >= windowNeeded && window.get() > largerThan;
    }

    /**
     * The deployment for the next attempt: a healthy one not tried yet whose window fits, as the strategy chooses.
     *
     * @throws ContextLengthExceededException when no deployment's window fits
     * @throws PoolExhaustedException when every deployment that fits is cooling down or at its limits
     * @throws LlmException the last failure, when every available deployment that fits was tried
     */
    Tracker select(ChatRequest request) {
        long now = pool.scheduler().nanoTime();
        selectedAt = now;
        pool.syncSharedCooldowns(now);
        List<Tracker> trackers = pool.trackers();
        int size = trackers.size();
        // Most calls find every deployment available and none tried: then the pool's own list is the candidates.
        int index = 0;
        if (first == null) {
            while (index < size && fits(trackers.get(index))
                    && trackers.get(index).availableFrom(now, inputTokens) <= now) {
                index++;
            }
        }
        List<DeploymentState> candidates = index == size ? pool.states() : new ArrayList<>(size);
        long soonest = Long.MAX_VALUE;
        boolean anyFits = index > 0;
        boolean anyAvailable = index > 0;
        for (int i = 0; index < size && i < size; i++) { // skipped when every deployment is a candidate
            Tracker t = trackers.get(i);
            if (i < index) {
                candidates.add(t); // checked above
                continue;
            }
            if (!fits(t)) {
                continue;
            }
            anyFits = true;
            long from = t.availableFrom(now, inputTokens);
            if (from > now) {
                soonest = Math.min(soonest, from - now);
                continue;
            }
            anyAvailable = true;
            if (!tried(t)) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty()) {
            if (!anyFits) {
                LlmException failure = last;
                throw failure != null ? failure : tooLong();
            }
            if (anyAvailable) {
                throw Objects.requireNonNull(last); // every available deployment was tried: the last failure
            }
            Duration wait = Duration.ofNanos(soonest);
            throw new PoolExhaustedException(pool.name(), pool.scheduler().now().plus(wait), wait, last);
        }
        DeploymentState chosen = pool.strategy().choose(new Choice(request, candidates, streaming, inputTokens,
                outputTokens));
        if (!(chosen instanceof Tracker t) || !candidates.contains(t)) {
            throw new IllegalStateException("strategy " + pool.strategy() + " chose " + chosen
                    + ", which is not among the candidates it was given");
        }
        if (first == null) {
            first = t;
        } else {
            if (more == null) {
                more = new ArrayList<>(2);
            }
            more.add(t);
        }
        return t;
    }

    private ContextLengthExceededException tooLong() {
        int largest = 0;
        for (Tracker t : pool.trackers()) {
            largest = Math.max(largest, t.deployment().contextWindow().orElse(0));
        }
        return new ContextLengthExceededException("The request needs about " + windowNeeded + " tokens (prompt plus"
                + " maxOutputTokens) but the largest context window in pool '" + pool.name() + "' is " + largest
                + "; shorten the messages, lower maxOutputTokens or add a deployment with a larger window.", null,
                ErrorInfo.NONE);
    }

    /**
     * Records that {@code t} failed with {@code error} (no output reached the caller) and says whether the call may go
     * to another deployment: after a failure of the deployment, or a context-length error (then only to a larger
     * window).
     */
    boolean mayFailOver(Tracker t, LlmException error) {
        last = error;
        if (error instanceof ContextLengthExceededException) {
            largerThan = Math.max(largerThan, t.deployment().contextWindow().orElse(0));
            return true;
        }
        return Tracker.isDeploymentFailure(error);
    }
}
