package dev.llmkit.batch;

import java.util.List;
import java.util.Optional;

/**
 * A provider's own batch API, which answers a file of requests within hours at about half the price: submit request
 * lines ({@link BatchRequests}), poll, then read the answers, in the same answer-line format as {@link BatchRunner}.
 * {@link OpenAiBatch} is OpenAI's Batch API.
 */
public interface RemoteBatch {

    /** The state of a remote batch. */
    enum State {
        /** Accepted and being answered. */
        IN_PROGRESS,
        /** Every request answered or failed; results are ready. */
        COMPLETED,
        /** The completion window passed: answered requests have results, the rest fail as expired. */
        EXPIRED,
        /** Cancelled: answered requests have results. */
        CANCELLED,
        /** The provider refused the batch (an invalid file, say); {@link Status#message} says why. */
        FAILED
    }

    /**
     * Where a remote batch stands.
     *
     * @param id the provider's batch id
     * @param state its state
     * @param total requests in it
     * @param completed requests answered
     * @param failed requests that failed
     * @param message why the batch failed, when it did
     */
    record Status(String id, State state, int total, int completed, int failed, Optional<String> message) {
        /** Whether results can be read. */
        public boolean ended() {
            return state != State.IN_PROGRESS;
        }
    }

    /**
     * One request's outcome.
     *
     * @param customId the request's {@code custom_id}
     * @param line the answer line, or the failure line ({@link BatchRequests})
     * @param failed whether it failed
     */
    record Result(String customId, String line, boolean failed) {}

    /** Submits request lines; returns the provider's batch id. */
    String submit(List<String> lines);

    /** The batch's status now. */
    Status status(String batchId);

    /** Every request's outcome, once the batch has ended. */
    List<Result> results(String batchId);

    /** Asks the provider to cancel the batch. */
    void cancel(String batchId);
}
