package dev.llmkit.batch;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RejectedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batch jobs of chat requests (and texts to embed) on a bounded pool of workers, durably: every answered item is written to the
 * {@link JobStore} with its answer before the next one is taken, so a process killed mid-job resumes where it stopped
 * ({@link #resume()}) and never sends an answered item again (an item that was in flight when it was killed is sent
 * again: it was not answered).
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
 * backoff); a job with a budget stops when its answered items' cost reaches it. Thread-safe; {@link #close()} stops
 * the workers and leaves unfinished items pending in the store.
 */
public final class BatchRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    /** The longest a worker waits on a model that refused an item for now. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private final JobStore store;
    private final ChatModel model;
    private final @Nullable EmbeddingModel embeddings;
    private final int maxQueuedItems;
    private final int attempts;
    private final PriorityBlockingQueue<Task> queue = new PriorityBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong order = new AtomicLong();
    private final Set<String> enqueued = ConcurrentHashMap.newKeySet();
    private final Thread[] workers;
    private volatile boolean closed;

    /** One item waiting: higher priority first, then older. */
    private record Task(int priority, long order, String job, int index, String input)
            implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Integer.compare(o.priority, priority);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private BatchRunner(Builder b) {
        this.store = b.store;
        this.model = b.model;
        this.embeddings = b.embeddings;
        this.maxQueuedItems = b.maxQueuedItems;
        this.attempts = b.attempts;
        this.workers = new Thread[b.workers];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(this::work, "llmkit-batch-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /** A runner of jobs stored in {@code store}, answered by {@code model}. */
    public static Builder builder(JobStore store, ChatModel model) {
        return new Builder(store, model);
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
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one request");
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                if (BatchRequests.embeddingInput(lines.get(i)).isPresent()) {
                    if (embeddings == null) {
                        throw new IllegalArgumentException("an embedding line needs a runner with an embedding model "
                                + "(BatchRunner.Builder.embeddings)");
                    }
                } else {
                    BatchRequests.parse(lines.get(i));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("request line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        reserve(lines.size());
        try {
            store.create(id, name, priority, budget == null ? null : budget.doubleValue(), lines);
        } catch (RuntimeException e) {
            queued.addAndGet(-lines.size());
            throw e;
        }
        for (int i = 0; i < lines.size(); i++) {
            offer(new Task(priority, order.incrementAndGet(), id, i, lines.get(i)));
        }
        return id;
    }

    private void reserve(int items) {
        while (true) {
            int now = queued.get();
            if (now + items > maxQueuedItems) {
                throw new JobQueueFullException(items, maxQueuedItems - now, maxQueuedItems);
            }
            if (queued.compareAndSet(now, now + items)) {
                return;
            }
        }
    }

    private void offer(Task t) {
        if (enqueued.add(t.job + "#" + t.index)) {
            queue.add(t);
        } else {
            queued.decrementAndGet();
        }
    }

    /** Queues the pending items of every unfinished job in the store (after a restart); returns how many. */
    public int resume() {
        return resume(null);
    }

    /** Queues the pending items of one unfinished job (all jobs when {@code job} is null); returns how many. */
    public int resume(@Nullable String job) {
        int n = 0;
        for (JobStore.Item item : store.pendingItems()) {
            if (job != null && !job.equals(item.job())) {
                continue;
            }
            if (enqueued.contains(item.job() + "#" + item.index())) {
                continue;
            }
            reserve(1);
            offer(new Task(store.priority(item.job()), order.incrementAndGet(), item.job(), item.index(),
                    item.input()));
            n++;
        }
        return n;
    }

    private void work() {
        while (!closed) {
            Task t;
            try {
                t = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            boolean requeue = false;
            try {
                // checked here, not when queued: a resume may have queued an item a worker has answered since
                if (store.runnable(t.job, t.index)) {
                    requeue = run(t);
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.error("batch item {} of job {} could not be recorded; it is queued again", t.index, t.job, e);
                requeue = pause(Duration.ofSeconds(1));
            } finally {
                if (requeue && !closed) {
                    queue.add(t); // keeps its place in the count and in the enqueued set
                } else {
                    queued.decrementAndGet();
                    enqueued.remove(t.job + "#" + t.index);
                }
            }
        }
    }

    /** An item's answer line and what it cost. */
    private record Answer(String line, long inputTokens, long outputTokens, double cost) {}

    /** Runs one item; returns true when it must go back in the queue (the model refused it for now). */
    private boolean run(Task t) {
        String customId = BatchRequests.customId(t.input, t.index);
        Optional<String> text = BatchRequests.embeddingInput(t.input);
        EmbeddingModel embedder = embeddings;
        if (text.isPresent() && embedder != null) {
            return attempt(t, customId, attempt -> new Answer(BatchRequests.embedding(customId,
                    embedder.info().model(), embedder.embed(text.get())), 0, 0, 0));
        }
        ChatRequest request = BatchRequests.parse(t.input);
        return attempt(t, customId, attempt -> {
            ChatResponse r = model.chat(attempt == 1 ? request : request.nextAttempt());
            return new Answer(BatchRequests.answer(customId, r), r.usage().inputTokens(), r.usage().outputTokens(),
                    r.cost().map(BigDecimal::doubleValue).orElse(0.0));
        });
    }

    /**
     * Calls {@code call} up to {@code attempts} times while it fails retryably, then records the answer or the
     * failure; returns true when the model refused the item for now and it must go back in the queue.
     */
    private boolean attempt(Task t, String customId, java.util.function.IntFunction<Answer> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts && !closed; attempt++) {
            Answer a;
            try {
                a = call.apply(attempt);
            } catch (RejectedException e) {
                // an open breaker or a full bulkhead says "not now", not "never": wait, then queue the item again
                return pause(e.retryAfter().filter(d -> !d.isNegative()).map(d -> d.compareTo(MAX_PAUSE) > 0
                        ? MAX_PAUSE : d).orElse(Duration.ofSeconds(1)));
            } catch (LlmException e) {
                last = e;
                if (!e.isRetryable()) {
                    break;
                }
                continue;
            } catch (RuntimeException e) {
                last = e; // a broken model or request: the item fails with the reason, the job goes on
                break;
            }
            store.complete(t.job, t.index, a.line(), a.inputTokens(), a.outputTokens(), a.cost());
            return false;
        }
        if (last != null && !closed) {
            store.fail(t.job, t.index, BatchRequests.failure(customId, last.getClass().getSimpleName() + ": "
                    + last.getMessage()));
        }
        return false;
    }

    /** Sleeps unless closed; returns whether the runner is still open (the item should go back in the queue). */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Items queued or running now, across jobs. */
    public int queued() {
        return queued.get();
    }

    /** The job's status, if it exists. */
    public Optional<JobStatus> status(String job) {
        return store.status(job);
    }

    /** The job's answered and failed items, by index. */
    public List<JobStore.Result> results(String job) {
        return store.results(job);
    }

    /** Cancels a job: items not yet started never run. Returns whether it was running. */
    public boolean cancel(String job) {
        return store.cancel(job);
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

    /** Stops the workers (an item in flight is not recorded and stays pending); the store stays open. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            w.interrupt();
        }
        for (Thread w : workers) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Configures a {@link BatchRunner}. */
    public static final class Builder {
        private final JobStore store;
        private final ChatModel model;
        private @Nullable EmbeddingModel embeddings;
        private int workers = 4;
        private int maxQueuedItems = 100_000;
        private int attempts = 3;

        private Builder(JobStore store, ChatModel model) {
            this.store = Objects.requireNonNull(store, "store");
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Answers embedding lines ({@code {"custom_id", "input"}}) too; without it they are refused. */
        public Builder embeddings(EmbeddingModel embeddings) {
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
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

        /** The runner, with its workers started. */
        public BatchRunner build() {
            return new BatchRunner(this);
        }
    }
}
