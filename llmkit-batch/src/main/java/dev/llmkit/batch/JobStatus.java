package dev.llmkit.batch;

/**
 * Where a job stands.
 *
 * @param id the job's id
 * @param state its state
 * @param total items in all
 * @param done items answered
 * @param failed items that failed for good
 * @param inputTokens tokens sent for the answered items
 * @param outputTokens tokens received
 * @param cost what the answered items cost, in the price table's currency (0 when unknown)
 */
public record JobStatus(String id, State state, int total, int done, int failed, long inputTokens, long outputTokens,
        double cost) {

    /** A job's state. */
    public enum State {
        /** Items are waiting or running. */
        RUNNING,
        /** Every item was answered or failed for good. */
        FINISHED,
        /** Cancelled: items not yet run never will be. */
        CANCELLED,
        /** Stopped when its spend reached its budget: items not yet run never will be. */
        BUDGET_EXCEEDED
    }

    /** Items neither answered nor failed. */
    public int pending() {
        return total - done - failed;
    }

    /** Whether the job will run no more items. */
    public boolean ended() {
        return state != State.RUNNING;
    }
}
