package dev.llmkit.routing.pool;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a pool knows about one deployment now, for a {@link Strategy} to choose by: calls in flight, its latency
 * (an exponentially weighted moving average), and what is left of its request and token limits. Read-only; values
 * change as calls run, so a strategy reads each once per choice.
 */
public interface DeploymentState {

    /** The deployment. */
    Deployment deployment();

    /** Calls sent to it that have not ended yet. */
    int inFlight();

    /**
     * Its moving average latency: time to the first token for streams ({@code streaming} true), time to the whole
     * answer for blocking calls; empty before the first sample of that kind.
     */
    Optional<Duration> latency(boolean streaming);

    /**
     * Requests it accepts before its limit resets: the smaller of what its own rate-limit headers last said (less the
     * calls sent since) and its configured {@link Deployment#rpm()} less this minute's calls; empty when neither is
     * known.
     */
    OptionalLong requestsLeft();

    /** Tokens it accepts before its limit resets, as {@link #requestsLeft()}; empty when unknown. */
    OptionalLong tokensLeft();

    /** Its request limit per window (configured or from its headers), when known. */
    OptionalLong requestLimit();

    /** Its token limit per window (configured or from its headers), when known. */
    OptionalLong tokenLimit();
}
