package dev.llmkit.batch;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs a provider's batch API answers, kept in the same {@link JobStore} as local ones: the job and its items are
 * recorded first, then the batch is submitted and its id recorded; a poller thread follows every remote job the store
 * holds (so a restarted process picks up where the last one stopped) and, once the provider's batch has ended, records
 * each result on its item by {@code custom_id}. Recording an item twice is a no-op, so a crash mid-collection is
 * harmless.
 *
 * <p>Whoever submits a job first claims its first item for {@link #ORPHAN_AGE} ({@link JobStore#claim}), so of the
 * processes sharing a store one submits at a time; the batch id is recorded only if the job has none
 * ({@link JobStore#remoteId}), and a batch that lost that race is cancelled at the provider. A job left without a
 * batch id (its process stopped while submitting it) is submitted by a poller once that claim has run out. So a
 * request reaches the provider twice only when a process dies after the provider accepted its batch and before the
 * id was recorded, when the store cannot record the id (then the batch id is logged at ERROR), when a submission
 * takes longer than {@link #ORPHAN_AGE} (the later batch is cancelled, but may have run), or when a submission that
 * timed out was accepted after all (the job is forgotten; that batch is not followed).
 */
final class RemoteJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJobs.class);
    /** How old a job without a batch id must be before the poller takes it for abandoned and submits it. */
    static final Duration ORPHAN_AGE = Duration.ofMinutes(10);
    /** How old an orphan job whose submissions keep failing is when its items are failed. */
    static final Duration GIVE_UP = Duration.ofDays(1);
    private final Set<String> submitting = ConcurrentHashMap.newKeySet();
    private final String owner = "remote-" + java.util.UUID.randomUUID();
    private final Map<String, RemoteBatch.Status> lastSeen = new ConcurrentHashMap<>();
    private final JobStore store;
    private final RemoteBatch remote;
    private final Duration every;
    private final Thread poller;
    private volatile boolean closed;

    RemoteJobs(JobStore store, RemoteBatch remote, Duration every) {
        this.store = store;
        this.remote = remote;
        this.every = every;
        this.poller = new Thread(this::loop, "llmkit-batch-remote");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Records the job and submits it. When the provider refuses the batch at once, the job is forgotten and the
     * refusal rethrown, as if it had never been submitted.
     */
    void submit(String id, String name, int priority, List<String> lines) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String customId = BatchRequests.customId(lines.get(i), i);
            if (!ids.add(customId)) {
                throw new IllegalArgumentException("request line " + (i + 1) + ": the custom_id '" + customId
                        + "' is used twice; a provider's batch matches answers to requests by it");
            }
        }
        submitting.add(id); // this process's poller leaves it alone until its batch id is recorded
        try {
            store.create(new JobStore.NewJob(id, name, priority, null, true, lines));
            if (!store.claim(id, 0, owner, ORPHAN_AGE)) {
                throw new IllegalStateException("job " + id + " is being submitted by another process");
            }
            String remoteId;
            try {
                remoteId = remote.submit(lines);
            } catch (RuntimeException e) {
                try {
                    store.delete(id);
                } catch (RuntimeException deleting) {
                    e.addSuppressed(deleting);
                    try {
                        store.cancel(id); // the job must not be taken for an orphan and submitted again
                    } catch (RuntimeException cancelling) {
                        e.addSuppressed(cancelling);
                    }
                }
                throw e;
            }
            record(id, remoteId);
        } finally {
            submitting.remove(id);
        }
        synchronized (this) {
            notifyAll(); // poll soon: a short batch may be done before the first interval ends
        }
    }

    /**
     * Records the batch id of a job this process submitted; a batch that lost the race to another process's is
     * cancelled at the provider, and so is one whose job was cancelled while it was being submitted.
     */
    private void record(String job, String batchId) {
        Boolean recorded = null;
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3 && recorded == null; attempt++) {
            try {
                recorded = store.remoteId(job, batchId);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (recorded == null) {
            LOG.error("The provider accepted batch {} for job {}, but the store could not record it; cancel that batch"
                    + " by hand if the job is submitted again", batchId, job, last);
            throw new IllegalStateException("batch " + batchId + " of job " + job + " could not be recorded", last);
        }
        if (!recorded) {
            LOG.warn("Job {} was submitted by another process first; cancelling this process's batch {}", job, batchId);
            cancelQuietly(batchId);
            return;
        }
        try {
            store.claim(job, 0, owner, java.time.Duration.ZERO);
            if (store.status(job).map(s -> s.state() == JobStatus.State.CANCELLED).orElse(false)) {
                cancelQuietly(batchId); // cancelled while it was being submitted
            }
        } catch (RuntimeException e) {
            LOG.warn("Job {} is submitted as batch {}; releasing its submit claim failed", job, batchId, e);
        }
    }

    private void cancelQuietly(String batchId) {
        try {
            remote.cancel(batchId);
        } catch (RuntimeException e) {
            LOG.error("Batch {} could not be cancelled at the provider; cancel it by hand", batchId, e);
        }
    }

    /** Asks the provider to cancel the job's batch, if it has one; what it answered is still collected. */
    void cancel(String job) {
        for (JobStore.RemoteJob r : store.remoteJobs()) {
            if (r.job().equals(job) && r.remoteId().isPresent()) {
                remote.cancel(r.remoteId().get());
            }
        }
    }

    private void loop() {
        while (!closed) {
            try {
                pollOnce();
            } catch (RuntimeException | Error e) {
                LOG.warn("Polling the remote batch jobs failed; trying again in {}", every, e);
            }
            synchronized (this) {
                try {
                    wait(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Looks at every remote job once: submits those a crash left unsubmitted, collects those that ended. */
    void pollOnce() {
        for (JobStore.RemoteJob r : store.remoteJobs()) {
            if (closed) {
                return;
            }
            try {
                poll(r);
            } catch (RuntimeException e) {
                LOG.warn("Remote batch job {} could not be polled; trying again in {}", r.job(), every, e);
            }
        }
    }

    private void poll(JobStore.RemoteJob r) {
        if (r.remoteId().isEmpty()) {
            if (submitting.contains(r.job()) || r.created().plus(ORPHAN_AGE).isAfter(java.time.Instant.now())) {
                return; // a submission may still be under way, here or in another process
            }
            if (r.state() == JobStatus.State.CANCELLED) {
                collect(r.job(), Map.of(), "cancelled before the provider had it");
            } else if (store.claim(r.job(), 0, owner, ORPHAN_AGE)) {
                LOG.warn("Remote batch job {} has no batch id (the process stopped while submitting it); submitting"
                        + " it again", r.job());
                String batchId;
                try {
                    batchId = remote.submit(store.inputs(r.job()));
                } catch (RuntimeException e) {
                    if (r.created().plus(GIVE_UP).isBefore(java.time.Instant.now())) {
                        collect(r.job(), Map.of(), "no batch could be submitted for a day: " + e.getMessage());
                        return;
                    }
                    throw e;
                }
                record(r.job(), batchId);
            }
            return;
        }
        String batchId = r.remoteId().get();
        RemoteBatch.Status status = remote.status(batchId);
        lastSeen.put(r.job(), status);
        if (!status.ended()) {
            return;
        }
        Map<String, RemoteBatch.Result> byId = new HashMap<>();
        if (status.state() != RemoteBatch.State.FAILED) {
            for (RemoteBatch.Result result : remote.results(batchId)) {
                byId.put(result.customId(), result);
            }
        }
        String missing = switch (status.state()) {
            case FAILED -> "the provider refused batch " + batchId + status.message().map(m -> ": " + m).orElse("");
            case EXPIRED -> "batch " + batchId + " expired before this request was answered";
            case CANCELLED -> "batch " + batchId + " was cancelled before this request was answered";
            default -> "batch " + batchId + " returned no result for this request";
        };
        collect(r.job(), byId, missing);
    }

    private void collect(String job, Map<String, RemoteBatch.Result> byId, String missing) {
        lastSeen.remove(job); // before the job can end, so no one sees it ended with a stale provider status
        List<String> inputs = store.inputs(job);
        for (int i = 0; i < inputs.size(); i++) {
            String customId = BatchRequests.customId(inputs.get(i), i);
            Optional<RemoteBatch.Result> result = Optional.ofNullable(byId.get(customId));
            if (result.isEmpty()) {
                store.fail(job, i, BatchRequests.failure(customId, missing));
            } else if (result.get().failed()) {
                store.fail(job, i, result.get().line());
            } else {
                double[] usage = BatchRequests.usage(result.get().line());
                store.complete(job, i, result.get().line(), (long) usage[0], (long) usage[1], usage[2]);
            }
        }
        store.collected(job);
    }

    /** What the provider said of the job's batch at the last poll, until its results are collected. */
    Optional<RemoteBatch.Status> lastSeen(String job) {
        return Optional.ofNullable(lastSeen.get(job));
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        try {
            poller.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
