package dev.llmkit.batch;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.rag.FolderLoader;
import dev.llmkit.rag.Ingestor;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batch jobs (chat requests, texts to embed, files to ingest) on a bounded pool of workers, durably: every
 * answered item is written to the {@link JobStore} with its answer before the next one is taken, so a process killed
 * mid-job resumes where it stopped ({@link #resume()}) and never sends an answered item again (an item that was in
 * flight when it was killed is sent again: it was not answered). With {@link Builder#remote} a job can instead go to a
 * provider's batch API ({@link #submitRemote}), at about half the price, and is followed under the same id, status,
 * results and cancel.
 *
 * <pre>{@code
 * try (JobStore store = JobStore.open(Path.of("jobs.db"));
 *         BatchRunner runner = BatchRunner.builder(store, Resilient.builder().build(model)).workers(8).build()) {
 *     runner.resume();                                          // jobs a previous process left unfinished
 *     String job = runner.submit("tickets", Files.readAllLines(requests), 0, null);
 *     JobStatus s = runner.await(job, Duration.ofHours(1));
 *     runner.results(job).forEach(r -> ...);
 * }
 * }</pre>
 *
 * <p>Items wait in one queue ordered by job priority (highest first), then submission order. The queue is bounded:
 * a job that does not fit is refused with {@link JobQueueFullException}, never queued beyond the bound. Each item is
 * tried up to {@code attempts} times while its failure is retryable (put a resilience stack in front of the model for
 * backoff); a job with a budget stops when its answered items' cost reaches it. A worker claims an item in the store
 * before it runs it ({@link JobStore#claim}), so several runners, in one process or across a fleet on a shared store,
 * can work on the same jobs without sending an item twice. Thread-safe; {@link #close()} stops the workers and leaves
 * unfinished items pending in the store.
 */
public final class BatchRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private final JobStore store;
    private final ItemRunner items;
    private final @Nullable RemoteJobs remoteJobs;
    private final @Nullable FolderLoader loader;
    private final WorkQueue queue;
    private final Workers workers;
    private final Duration lease;
    private final boolean joinAll;
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private BatchRunner(Builder b) {
        this.store = b.store;
        this.loader = b.loader;
        this.items = new ItemRunner(b.store, b.model, b.embeddings,
                b.ingestor == null || b.loader == null ? null : new IngestItems(b.ingestor, b.loader), b.attempts,
                () -> closed);
        this.queue = new WorkQueue(b.maxQueuedItems);
        this.remoteJobs = b.remote == null ? null : new RemoteJobs(b.store, b.remote, b.pollEvery);
        this.lease = b.lease;
        this.joinAll = b.joinAll;
        this.workers = new Workers(b.store, items, queue, b.lease, b.workers, () -> closed);
        workers.every(b.lease, this::rescan);
    }

    /** A runner of jobs stored in {@code store}, answered by {@code model}. */
    public static Builder builder(JobStore store, ChatModel model) {
        return new Builder(store, Objects.requireNonNull(model, "model"));
    }

    /**
     * A runner without a chat model: for remote jobs ({@link Builder#remote}), embedding or ingestion jobs. It refuses
     * chat request lines, and leaves such items of stored jobs to a runner that has a model.
     */
    public static Builder builder(JobStore store) {
        return new Builder(store, null);
    }

    /**
     * Submits a job of request lines ({@link BatchRequests}); returns its new id.
     *
     * @param priority higher runs first
     * @param budget the most the job may spend, or null
     * @throws IllegalArgumentException naming the first bad line
     * @throws JobQueueFullException when the queue cannot take the job's items
     */
    public String submit(String name, List<String> lines, int priority, @Nullable BigDecimal budget) {
        return submit(UUID.randomUUID().toString(), name, lines, priority, budget);
    }

    /**
     * Submits a job under {@code id}; when a job with that id exists already, resumes it instead (so a command that
     * derives the id from its input can be run again after a crash). Returns the id.
     */
    public String submit(String id, String name, List<String> lines, int priority, @Nullable BigDecimal budget) {
        if (store.exists(id)) {
            resume(id);
            return id;
        }
        items.checkAll(lines, false);
        queue.reserve(lines.size());
        try {
            store.create(new JobStore.NewJob(id, name, priority, budget == null ? null : budget.doubleValue(), false,
                    lines));
        } catch (RuntimeException e) {
            queue.release(lines.size());
            if (e instanceof IllegalStateException && store.exists(id)) {
                resume(id); // another runner created it a moment before: join in
                return id;
            }
            throw e;
        }
        followed.add(id);
        for (int i = 0; i < lines.size(); i++) {
            queue.offer(priority, id, i, lines.get(i));
        }
        return id;
    }

    /**
     * Submits a job that indexes every file the {@link Builder#ingestion ingestion} loader selects under
     * {@code folder}, one item per file, with the document ids {@link Ingestor#ingest(Path, String)} would give them.
     * Files are indexed one at a time and each is committed before it counts as done, so a resumed job leaves one copy
     * of every document. Documents of files deleted from the folder are not removed: that is the folder ingest's job.
     * When a job with {@code id} exists, resumes it instead. Returns the id.
     *
     * @throws IllegalStateException when the runner has no ingestion configured
     * @throws IllegalArgumentException when the folder, or a subfolder, cannot be listed, or holds no file
     */
    public String submitIngestion(String id, String name, Path folder, String root, int priority) {
        FolderLoader l = loader;
        if (l == null) {
            throw new IllegalStateException("This runner cannot ingest: build it with BatchRunner.Builder.ingestion");
        }
        if (store.exists(id)) {
            resume(id);
            return id;
        }
        List<String> lines = IngestItems.lines(l, folder, root);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("The folder " + folder + " holds no file to ingest");
        }
        return submit(id, name, lines, priority, null);
    }

    /**
     * Submits a job of chat request lines to the provider's batch API ({@link Builder#remote}) instead of the local
     * workers; returns its new id. It is followed like any job ({@link #status}, {@link #results}, {@link #cancel},
     * {@link #await}); the poller records every answer once the provider's batch has ended. A remote job has no
     * budget: its cost is known only from the answers.
     *
     * @throws IllegalStateException when the runner has no remote batch API
     * @throws IllegalArgumentException naming the first bad line, or a {@code custom_id} used twice
     */
    public String submitRemote(String name, List<String> lines, int priority) {
        return submitRemote(UUID.randomUUID().toString(), name, lines, priority);
    }

    /** {@link #submitRemote(String, List, int)} under {@code id}; when that job exists, returns its id. */
    public String submitRemote(String id, String name, List<String> lines, int priority) {
        RemoteJobs r = remoteJobs;
        if (r == null) {
            throw new IllegalStateException("This runner has no batch API: build it with BatchRunner.Builder.remote");
        }
        if (store.exists(id)) {
            return id;
        }
        items.checkAll(lines, true);
        r.submit(id, name, priority, lines);
        return id;
    }

    /** Queues the pending items of every unfinished job in the store (after a restart); returns how many. */
    public int resume() {
        return resume(null);
    }

    /**
     * Queues the pending items of one unfinished local job (all jobs when {@code job} is null); returns how many.
     * Remote jobs need no resume: the poller follows every one the store holds.
     */
    public int resume(@Nullable String job) {
        return requeue(job == null ? null : Set.of(job));
    }

    /** Queues the pending items of the given jobs (all when null) that are not queued here already. */
    private int requeue(@Nullable Set<String> jobs) {
        List<JobStore.Item> pending = new java.util.ArrayList<>();
        if (jobs == null) {
            pending.addAll(store.pendingItems());
        } else {
            jobs.forEach(job -> pending.addAll(store.pendingItems(job)));
        }
        pending.forEach(item -> followed.add(item.job()));
        return queue.offerPending(pending, items::canRun);
    }

    /**
     * Every lease period: queues again the pending items of the jobs this runner works on that it does not hold, so
     * an item another runner held when it died (its lease ran out) is not left behind.
     */
    private void rescan() {
        try {
            if (joinAll) {
                requeue(null); // a fleet worker: every running job in the store
                return;
            }
            followed.removeIf(job -> store.status(job).map(JobStatus::ended).orElse(true));
            if (!followed.isEmpty()) {
                requeue(Set.copyOf(followed));
            }
        } catch (JobQueueFullException e) {
            LOG.debug("the queue is full; pending items are taken up at the next rescan");
        } catch (RuntimeException e) {
            LOG.warn("Rescanning the job store for abandoned items failed; trying again in {}", lease, e);
        }
    }

    /** Items queued or running now, across jobs. */
    public int queued() {
        return queue.size();
    }

    /** The job's status, if it exists. */
    public Optional<JobStatus> status(String job) {
        return store.status(job);
    }

    /**
     * What the provider said of a remote job's batch at this runner's last poll (its own progress counts), until the
     * results are collected; empty for a local job or before the first poll.
     */
    public Optional<RemoteBatch.Status> remoteStatus(String job) {
        RemoteJobs r = remoteJobs;
        return r == null ? Optional.empty() : r.lastSeen(job);
    }

    /** The job's answered and failed items, by index. */
    public List<JobStore.Result> results(String job) {
        return store.results(job);
    }

    /**
     * Cancels a job: items not yet started never run. A remote job's batch is cancelled at the provider too, and
     * what it answered before is still recorded. Returns whether the job was running.
     */
    public boolean cancel(String job) {
        boolean running = store.cancel(job);
        RemoteJobs r = remoteJobs;
        if (running && r != null) {
            r.cancel(job);
        }
        return running;
    }

    /**
     * Waits until the job has ended or {@code timeout} passed; returns its status then.
     *
     * @throws IllegalArgumentException when no such job exists
     */
    public JobStatus await(String job, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus s = store.status(job).orElseThrow(() -> new IllegalArgumentException("no job " + job));
            if (s.ended() || System.nanoTime() >= end) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Stops the workers and the poller; items not started stay pending, and an item in flight is recorded only if its
     * call ends while the store is still open. The store stays open.
     */
    @Override
    public void close() {
        closed = true;
        RemoteJobs r = remoteJobs;
        if (r != null) {
            r.close();
        }
        workers.close();
    }

    /** Configures a {@link BatchRunner}. */
    public static final class Builder {
        /** How often remote batches are polled unless {@link #remote} says otherwise. */
        public static final Duration DEFAULT_POLL_EVERY = Duration.ofSeconds(30);
        /** How long a running item stays claimed without renewal unless {@link #lease} says otherwise. */
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
        private final JobStore store;
        private final @Nullable ChatModel model;
        private @Nullable EmbeddingModel embeddings;
        private @Nullable Ingestor ingestor;
        private @Nullable FolderLoader loader;
        private @Nullable RemoteBatch remote;
        private Duration pollEvery = DEFAULT_POLL_EVERY;
        private Duration lease = DEFAULT_LEASE;
        private boolean joinAll;
        private int workers = 4;
        private int maxQueuedItems = 100_000;
        private int attempts = 3;

        private Builder(JobStore store, @Nullable ChatModel model) {
            this.store = Objects.requireNonNull(store, "store");
            this.model = model;
        }

        /** Answers embedding lines ({@code {"custom_id", "input"}}) too; without it they are refused. */
        public Builder embeddings(EmbeddingModel embeddings) {
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
            return this;
        }

        /**
         * Runs ingestion jobs ({@link #submitIngestion}): {@code loader} lists and reads the files, {@code ingestor}
         * indexes them. Needs {@code llmkit-rag} on the class path.
         */
        public Builder ingestion(Ingestor ingestor, FolderLoader loader) {
            this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Sends {@link #submitRemote remote} jobs to {@code remote}, polling it every {@code pollEvery}. */
        public Builder remote(RemoteBatch remote, Duration pollEvery) {
            this.remote = Objects.requireNonNull(remote, "remote");
            if (pollEvery.isNegative() || pollEvery.isZero()) {
                throw new IllegalArgumentException("pollEvery must be positive, was " + pollEvery);
            }
            this.pollEvery = pollEvery;
            return this;
        }

        /**
         * How long an item a worker took stays claimed (renewed every third of it while it runs): after a crash, its
         * items in flight wait this long before a resumed runner, or another on the same store, takes them.
         */
        public Builder lease(Duration lease) {
            if (lease.toMillis() < 3) {
                throw new IllegalArgumentException("lease must be at least 3 ms, was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /**
         * Makes the runner a fleet worker: every lease period it also takes up the pending items of every running job
         * in the store, wherever it was submitted, not only the jobs it submitted or resumed. Default off.
         */
        public Builder joinAll(boolean joinAll) {
            this.joinAll = joinAll;
            return this;
        }

        /** Items run at once; default 4. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Items the queue holds at most; default 100,000. */
        public Builder maxQueuedItems(int maxQueuedItems) {
            if (maxQueuedItems < 1) {
                throw new IllegalArgumentException("maxQueuedItems must be at least 1, was " + maxQueuedItems);
            }
            this.maxQueuedItems = maxQueuedItems;
            return this;
        }

        /** Tries per item while its failure is retryable; default 3. */
        public Builder attempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /** The runner, with its workers (and, with a remote batch API, its poller) started. */
        public BatchRunner build() {
            return new BatchRunner(this);
        }
    }
}
