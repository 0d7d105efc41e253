package dev.llmkit.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link BatchRunner} keeps its jobs and their items, durably: {@link #open(Path)} is one SQLite file on disk;
 * {@code RedisJobStore} (in {@code llmkit-redis}) shares jobs across a fleet.
 *
 * <p>Contract, for an implementation:
 * <ul>
 *   <li>{@link #complete} and {@link #fail} change an item only while it is pending, and each does so atomically
 *       together with the job's totals, its spend against its budget and its end (a job whose items are all finished
 *       becomes {@link JobStatus.State#FINISHED}); a second call for the same item returns false and changes
 *       nothing. This is what makes "no finished item is sent again" hold after a crash.</li>
 *   <li>{@link #claim} is atomic too: of runners racing for an item, one holds it until its lease runs out, so
 *       runners in several processes can share the store's jobs.</li>
 *   <li>Once a call returns, what it wrote survives a killed process.</li>
 *   <li>{@link #pendingItems()} lists only local jobs (not {@link NewJob#remote() remote} ones) that are running.</li>
 *   <li>Every method is safe to call from many threads; a store that cannot do what was asked throws an unchecked
 *       exception that names the job.</li>
 * </ul>
 */
public interface JobStore extends AutoCloseable {

    /** Opens (creating if absent) the SQLite job store in {@code file}. */
    static JobStore open(Path file) {
        return SqliteJobStore.open(file);
    }

    /**
     * A job to record.
     *
     * @param id its id, unique in the store
     * @param name a name for people
     * @param priority higher runs first
     * @param budget the most its answered items may cost, or null
     * @param remote whether a provider's batch API answers it ({@link RemoteBatch}) rather than the local workers
     * @param inputs its items' request lines, in order
     */
    record NewJob(String id, String name, int priority, @Nullable Double budget, boolean remote, List<String> inputs) {
        /** Validates and copies. */
        public NewJob {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            inputs = List.copyOf(inputs);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("a job needs at least one item");
            }
        }
    }

    /**
     * A pending item of a running local job.
     *
     * @param job the job's id
     * @param index the item's place in the job
     * @param input its request line
     * @param priority the job's priority
     */
    record Item(String job, int index, String input, int priority) {}

    /**
     * A finished or failed item.
     *
     * @param index the item's place in the job
     * @param input its request line
     * @param output its answer line, when answered
     * @param error its failure line, when it failed
     */
    record Result(int index, String input, Optional<String> output, Optional<String> error) {}

    /**
     * A remote job whose results have not been collected yet.
     *
     * @param job the job's id
     * @param remoteId the provider's batch id, once it accepted the batch
     * @param state the job's state (a cancelled remote job still collects what the provider answered)
     * @param created when the job was recorded
     */
    record RemoteJob(String job, Optional<String> remoteId, JobStatus.State state, java.time.Instant created) {}

    /**
     * Records a new job with all its items pending and its state running.
     *
     * @throws IllegalStateException when a job with this id exists
     */
    void create(NewJob job);

    /** Whether a job with this id exists. */
    boolean exists(String job);

    /** The ids of the jobs in the store, newest first (a store that expires ended jobs lists only those it keeps). */
    List<String> jobs();

    /** The pending items of running local jobs, by job priority (highest first), then job age, then index. */
    List<Item> pendingItems();

    /** The pending items of one job, if it is a running local job, by index. */
    List<Item> pendingItems(String job);

    /** The job's request lines, by index; empty when there is no such job. */
    List<String> inputs(String job);

    /**
     * Records an item's answer if it is still pending; returns whether it was recorded. Adds {@code cost} to the
     * job's spend and stops the job ({@link JobStatus.State#BUDGET_EXCEEDED}) when that reaches its budget.
     */
    boolean complete(String job, int index, String output, long inputTokens, long outputTokens, double cost);

    /** Records that a pending item failed for good; returns whether it was recorded. */
    boolean fail(String job, int index, String error);

    /** Marks a running job cancelled; returns whether it was running. */
    boolean cancel(String job);

    /**
     * Claims a pending item of a running job for {@code owner} for {@code lease}, so no other runner sharing the
     * store sends it to the model meanwhile; returns whether the owner holds it now. An owner claims again to renew
     * its lease, or with a zero lease to let go; an item whose lease has run out (its runner died) can be claimed by
     * anyone. The lease is timed by the store's clock (the server's, for a shared store), so runners on machines whose
     * clocks disagree still agree on it.
     */
    boolean claim(String job, int index, String owner, java.time.Duration lease);

    /** The job's status, if it exists. */
    Optional<JobStatus> status(String job);

    /** The job's finished and failed items, by index. */
    List<Result> results(String job);

    /** Remote jobs whose results have not been collected yet, whatever their state, oldest first. */
    List<RemoteJob> remoteJobs();

    /**
     * Records the provider's batch id of a remote job, unless it has one; returns whether this id was recorded (false
     * means another process submitted the job too, and recorded its batch first).
     */
    boolean remoteId(String job, String remoteId);

    /**
     * Marks a remote job's results collected, once every item was recorded answered or failed; a running job
     * ends.
     */
    void collected(String job);

    /** Forgets a job and its items (a remote job whose batch the provider refused at once). */
    void delete(String job);

    /** Releases the store's connections. */
    @Override
    void close();
}
