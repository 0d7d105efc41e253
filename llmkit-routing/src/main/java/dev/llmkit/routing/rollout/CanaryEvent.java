package dev.llmkit.routing.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * A canary moved: to the next stage, back to none, or to all traffic.
 *
 * @param canary the canary's name
 * @param kind what happened
 * @param fromPercent the candidate's share before
 * @param toPercent the candidate's share after
 * @param reason why, in a sentence (the breached bound for a rollback)
 * @param calls candidate calls in the window judged
 * @param errorRate their error rate
 * @param p99 their 99th-percentile latency
 * @param meanScore their mean online score (NaN without a scorer)
 * @param at when
 */
public record CanaryEvent(String canary, Kind kind, double fromPercent, double toPercent, String reason, int calls,
        double errorRate, Duration p99, double meanScore, Instant at) {

    /** What happened. */
    public enum Kind {
        /** The candidate's share grew to the next stage. */
        ADVANCED,
        /** The candidate reached 100 % and the canary is over. */
        PROMOTED,
        /** A bound was breached: all traffic went back to the stable model, for good. */
        ROLLED_BACK
    }
}
