package dev.llmkit.batch;

/** A job was refused because the runner's queue cannot take its items; submit it later or raise the capacity. */
public final class JobQueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobQueueFullException(int items, int free, int capacity) {
        super("the batch queue cannot take " + items + " more items: " + free + " of " + capacity + " places are free; "
                + "submit the job later, split it, or raise BatchRunner.Builder.maxQueuedItems");
    }
}
