package dev.llmkit.examples.cli;

import dev.llmkit.batch.AnthropicBatch;
import dev.llmkit.batch.BatchRequests;
import dev.llmkit.batch.BatchRunner;
import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
import dev.llmkit.batch.OpenAiBatch;
import dev.llmkit.batch.RemoteBatch;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.FolderLoader;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.redis.RedisJobStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmkit batch <requests.jsonl> --out <results.jsonl>}, {@code --remote openai}, or {@code --ingest DIR}. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Answer a file of chat requests (JSON lines in the OpenAI Batch input format, or {\"custom_id\":"
                + " ..., \"prompt\": ...}) with the configured model, and embed {\"custom_id\": ..., \"input\": ...} lines"
                + " with the in-process embedding model, durably: answers are kept in a job store under"
                + " $LLMKIT_HOME/batch (or on Redis when LLMKIT_REDIS_URL is set), so after Ctrl-C or a crash the"
                + " same command resumes and never sends an answered request again. With --remote the file goes to"
                + " OpenAI's or Anthropic's batch API (about half the price, answers within 24 h) under the same job"
                + " store; with --ingest DIR each file of DIR is indexed as one job item. Writes the answers in request"
                + " order and prints done, failed, tokens and cost.")
final class BatchCommand extends BaseCommand {
    /** How long a request in flight stays claimed when the command is stopped: a run again waits at most this long. */
    private static final Duration LEASE = Duration.ofSeconds(10);

    @Parameters(paramLabel = "REQUESTS", arity = "0..1", description = "The requests, a .jsonl file")
    Path requests;

    @Option(names = "--out", description = "Where to write the answers (JSON lines); required with REQUESTS")
    Path out;

    @Option(names = "--ingest", paramLabel = "DIR", description = "Index every file of DIR into the index, one job"
            + " item per file, resumable like any job")
    Path ingest;

    @Option(names = "--jobs", description = "List the jobs in the job store, newest first, with their progress")
    boolean jobs;

    @Option(names = "--cancel", paramLabel = "JOB", description = "Cancel a job by its id or the start of it (as"
            + " --jobs shows); a remote job's batch is cancelled at the provider too when --remote names it")
    String cancel;

    @Option(names = "--remote", paramLabel = "PROVIDER", description = "Send the requests to a provider's batch API:"
            + " openai (OPENAI_API_KEY, OPENAI_BASE_URL) or anthropic (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL)")
    String remote;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --remote: how often to ask the provider how far the batch is (default ${DEFAULT-VALUE})")
    double poll;

    @Option(names = "--workers", description = "Requests in flight at once (default ${DEFAULT-VALUE})",
            defaultValue = "4")
    int workers;

    @Option(names = "--budget", description = "Stop when the answers so far cost this much (needs prices)")
    BigDecimal budget;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        if (jobs || cancel != null) {
            return manage();
        }
        if ((requests == null) == (ingest == null)) {
            throw new CliException(2, "Give either a requests file (with --out) or --ingest DIR");
        }
        if (workers < 1) {
            throw new CliException(2, "--workers must be at least 1");
        }
        if (ingest != null) {
            return ingest();
        }
        if (out == null) {
            throw new CliException(2, "A requests file needs --out FILE for the answers");
        }
        List<String> lines = lines();
        if (remote != null) {
            return remote(lines);
        }
        // embedding lines ({"custom_id", "input"}) are embedded in process: a file of only those needs no model
        boolean chat = lines.stream().anyMatch(l -> BatchRequests.embeddingInput(l).isEmpty());
        Optional<ModelConfig.Configured> model = chat ? ModelConfig.fromEnv(ctx, listener(), modelOptions, redis())
                : Optional.empty();
        if (chat && model.isEmpty()) {
            throw new CliException(1, "llmkit batch needs a model: set LLMKIT_BASE_URL (any OpenAI-compatible server),"
                    + " OPENAI_API_KEY or ANTHROPIC_API_KEY; or use --remote openai|anthropic");
        }
        var embeddings = ctx.embeddings();
        String label = model.map(ModelConfig.Configured::label).orElse(embeddings.info().model());
        String id = jobId(label, lines);
        try (JobStore store = store();
                BatchRunner runner = (model.isPresent() ? BatchRunner.builder(store, model.get().model())
                        : BatchRunner.builder(store)).embeddings(embeddings).workers(workers).lease(LEASE)
                        .maxQueuedItems(Math.max(100_000, lines.size())).build()) {
            announce(store, id, lines.size() + " requests with " + label);
            try {
                runner.submit(id, requests.getFileName().toString(), lines, 0, budget);
            } catch (IllegalArgumentException e) {
                throw new CliException(2, requests + ": " + e.getMessage());
            }
            return finish(runner, id, "requests");
        }
    }

    /** {@code --jobs} and {@code --cancel}: the job store's jobs, without running any. */
    private int manage() {
        if (requests != null || ingest != null || (jobs && cancel != null)) {
            throw new CliException(2, "--jobs and --cancel go alone: no requests file, no --ingest, not both");
        }
        try (JobStore store = store()) {
            if (jobs) {
                List<String> ids = store.jobs();
                if (ids.isEmpty()) {
                    ctx.out().println("No batch jobs.");
                }
                for (String id : ids) {
                    store.status(id).ifPresent(s -> ctx.out().printf(Locale.ROOT, "%s  %-15s %d/%d done, %d failed%n",
                            shortId(id), s.state().name().toLowerCase(Locale.ROOT),
                            s.done(), s.total(), s.failed()));
                }
                return 0;
            }
            List<String> matching = store.jobs().stream().filter(id -> id.startsWith(cancel)).toList();
            if (matching.size() != 1) {
                throw new CliException(2, matching.isEmpty() ? "No batch job starts with '" + cancel + "' (see --jobs)"
                        : "'" + cancel + "' is the start of " + matching.size() + " jobs; give more of the id");
            }
            String id = matching.get(0);
            Optional<String> batch = store.remoteJobs().stream().filter(r -> r.job().equals(id))
                    .flatMap(r -> r.remoteId().stream()).findFirst();
            boolean cancelled = store.cancel(id);
            ctx.out().println(cancelled ? "Cancelled " + shortId(id) + "." : "Job " + shortId(id) + " was not running.");
            if (batch.isPresent() && remote != null) {
                // also when the job was cancelled here before, but not at the provider
                try {
                    batchApi().cancel(batch.get());
                } catch (RuntimeException e) {
                    throw new CliException(1, (cancelled ? "Cancelled here, but the" : "The")
                            + " provider refused to cancel batch " + batch.get() + ": " + e.getMessage());
                }
                ctx.out().println("Asked the provider to cancel batch " + batch.get() + ".");
            } else if (batch.isPresent() && cancelled) {
                ctx.err().println("Its batch " + batch.get() + " keeps running at the provider: run this again with"
                        + " --remote openai|anthropic to cancel it there too.");
            }
            return cancelled ? 0 : 1;
        }
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }

    private List<String> lines() throws IOException {
        if (!Files.isRegularFile(requests)) {
            throw new CliException(2, "Requests file '" + requests + "' is not a file");
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(requests, StandardCharsets.UTF_8));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1); // a trailing newline or two; a blank line inside is an error with its number
        }
        if (lines.isEmpty()) {
            throw new CliException(2, "Requests file '" + requests + "' holds no requests");
        }
        return lines;
    }

    /** The job store: on Redis when LLMKIT_REDIS_URL is set (shared by every machine), else a file under the home. */
    private JobStore store() {
        var redis = redis();
        if (redis != null) {
            return RedisJobStore.on(redis);
        }
        return JobStore.open(indexFolder().resolveSibling("batch").resolve("jobs.db"));
    }

    private void announce(JobStore store, String id, String what) {
        ctx.err().println((store.exists(id) ? "Resuming" : "Starting") + " batch " + id.substring(0, 12) + " of "
                + what);
    }

    private int remote(List<String> lines) throws InterruptedException {
        RemoteBatch api = batchApi();
        if (!(poll > 0)) {
            throw new CliException(2, "--poll must be a positive number of seconds");
        }
        String id = jobId("remote " + remote + " " + ctx.get("LLMKIT_MODEL"), lines);
        try (JobStore store = store();
                BatchRunner runner = BatchRunner.builder(store).remote(api, Duration.ofMillis((long) (poll * 1000)))
                        .build()) {
            announce(store, id, lines.size() + " requests on the " + remote + " batch API");
            try {
                runner.submitRemote(id, requests.getFileName().toString(), lines, 0);
            } catch (IllegalArgumentException e) {
                throw new CliException(2, requests + ": " + e.getMessage());
            } catch (IllegalStateException e) {
                throw new CliException(1, "The " + remote + " batch API refused the batch: " + e.getMessage());
            }
            ctx.err().println("Waiting for the provider (Ctrl-C is safe: run the same command again to pick it up)");
            return finish(runner, id, "requests");
        }
    }

    /** The batch API {@code --remote} names, with its key from the environment. */
    private RemoteBatch batchApi() {
        return switch (remote.toLowerCase(Locale.ROOT)) {
            case "openai" -> {
                OpenAiBatch.Builder b = OpenAiBatch.builder(need("OPENAI_API_KEY"));
                Optional.ofNullable(ctx.get("OPENAI_BASE_URL")).ifPresent(b::baseUrl);
                Optional.ofNullable(ctx.get("LLMKIT_MODEL")).ifPresent(b::model);
                yield b.build();
            }
            case "anthropic" -> {
                AnthropicBatch.Builder b = AnthropicBatch.builder(need("ANTHROPIC_API_KEY"));
                Optional.ofNullable(ctx.get("ANTHROPIC_BASE_URL")).ifPresent(b::baseUrl);
                Optional.ofNullable(ctx.get("LLMKIT_MODEL")).ifPresent(b::model);
                yield b.build();
            }
            default -> throw new CliException(2, "--remote takes openai or anthropic, not '" + remote + "'");
        };
    }

    private String need(String variable) {
        String value = ctx.get(variable);
        if (value == null || value.isBlank()) {
            throw new CliException(1, "--remote " + remote + " needs " + variable);
        }
        return value;
    }

    private int ingest() throws InterruptedException {
        // the job id comes from the files' names, sizes and times, so editing a file and running again re-indexes
        requireFolder(ingest, "Folder");
        var embeddings = ctx.embeddings();
        if (SolrTarget.from(ctx).isPresent()) {
            throw new CliException(2, "batch --ingest writes the local index; with LLMKIT_SOLR_URL use llmkit ingest");
        }
        FolderLoader loader = FolderLoader.create();
        String root = FolderLoader.rootOf(ingest);
        List<String> files;
        try {
            files = new ArrayList<>();
            for (Path f : loader.files(ingest)) {
                // a file changed since the last run makes a new job: the same files unchanged resume the old one
                files.add(f + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f).toMillis());
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new CliException(2, e.getMessage());
        }
        if (files.isEmpty()) {
            throw new CliException(2, "The folder " + ingest + " holds no file to ingest");
        }
        String id = jobId("ingest " + root + " " + embeddings.info().model(), files);
        Path index = indexFolder();
        try (LuceneIndex writer = Pipeline.openWriter(index, embeddings);
                EmbeddingCache cache = EmbeddingCache.open(index.resolve(Pipeline.CACHE_FILE));
                JobStore store = store();
                BatchRunner runner = BatchRunner.builder(store).workers(workers).lease(LEASE)
                        .ingestion(Ingestor.builder(writer, embeddings).cache(cache).build(), loader).build()) {
            announce(store, id, files.size() + " files of " + ingest + " into " + index);
            runner.submitIngestion(id, ingest.getFileName().toString(), ingest, root, 0);
            return finish(runner, id, "files");
        }
    }

    /** Shows progress until the job ends, writes its answers, prints the summary; returns the exit code. */
    private int finish(BatchRunner runner, String id, String what) throws InterruptedException {
        JobStatus s = runner.status(id).orElseThrow();
        long lastProgress = System.nanoTime();
        int finished = -1;
        while (true) {
            s = runner.await(id, Duration.ofMillis(200));
            Optional<RemoteBatch.Status> provider = runner.remoteStatus(id);
            if (provider.isPresent() && !s.ended()) {
                RemoteBatch.Status p = provider.get();
                progress(new JobStatus(id, s.state(), p.total() == 0 ? s.total() : p.total(), p.completed(),
                        p.failed(), 0, 0, 0), what + " (at the provider)");
            } else {
                progress(s, what);
            }
            if (s.done() + s.failed() != finished) {
                finished = s.done() + s.failed();
                lastProgress = System.nanoTime();
            }
            // items claimed by a run stopped moments ago (or another machine) come back when their lease runs out
            boolean stalled = runner.queued() == 0 && System.nanoTime() - lastProgress > 3 * LEASE.toNanos();
            if (s.ended() || (remote == null && stalled)) {
                break;
            }
        }
        ctx.err().println();
        if (!s.ended()) {
            throw new CliException(1, s.pending() + " " + what + " could not be recorded (see the log); run the same "
                    + "command again to resume");
        }
        if (out != null) {
            write(runner.results(id));
        }
        ctx.out().printf(Locale.ROOT, "%s: %d done, %d failed, %d not run; %d input and %d output tokens, cost %.4f.%n",
                s.state().name().toLowerCase(Locale.ROOT).replace('_', ' '), s.done(), s.failed(), s.pending(),
                s.inputTokens(), s.outputTokens(), s.cost());
        if (out != null) {
            ctx.out().println("Answers in " + out);
        } else {
            runner.results(id).stream().flatMap(r -> r.error().stream()).forEach(e -> ctx.out().println("  " + e));
        }
        return s.failed() == 0 && s.state() == JobStatus.State.FINISHED ? 0 : 1;
    }

    /** The same model and file content give the same job, so running the command again resumes it. */
    private static String jobId(String model, List<String> lines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            for (String l : lines) {
                sha.update(l.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void progress(JobStatus s, String what) {
        int finished = s.done() + s.failed();
        ctx.err().printf(Locale.ROOT, "\r%s %d/%d %s  %d failed",
                ProgressBar.bar(ProgressBar.fraction(finished, s.total())), finished, s.total(), what, s.failed());
        ctx.err().flush();
    }

    private void write(List<JobStore.Result> results) {
        List<String> lines = new ArrayList<>(results.size());
        for (JobStore.Result r : results) {
            lines.add(r.output().orElseGet(() -> r.error().orElse("{}")));
        }
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.write(out, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(1, "Cannot write " + out + ": " + e.getMessage());
        }
    }
}
