package dev.llmkit.examples.cli;

import dev.llmkit.batch.BatchRunner;
import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
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

/** {@code llmkit batch <requests.jsonl> --out <results.jsonl>}. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Answer a file of chat requests (JSON lines in the OpenAI Batch input format, or {\"custom_id\":"
                + " ..., \"prompt\": ...}) with the configured model, durably: answers are kept in a job store under"
                + " $LLMKIT_HOME/batch, so after Ctrl-C or a crash the same command (with the same model) resumes and"
                + " never sends an answered request again. Writes the answers in request order and prints done, failed, tokens and cost.")
final class BatchCommand extends BaseCommand {
    @Parameters(paramLabel = "REQUESTS", description = "The requests, a .jsonl file")
    Path requests;

    @Option(names = "--out", required = true, description = "Where to write the answers (JSON lines)")
    Path out;

    @Option(names = "--workers", description = "Requests in flight at once (default ${DEFAULT-VALUE})",
            defaultValue = "4")
    int workers;

    @Option(names = "--budget", description = "Stop when the answers so far cost this much (needs prices)")
    BigDecimal budget;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(requests)) {
            throw new CliException(2, "Requests file '" + requests + "' is not a file");
        }
        if (workers < 1) {
            throw new CliException(2, "--workers must be at least 1");
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(requests, StandardCharsets.UTF_8));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1); // a trailing newline or two; a blank line inside is an error with its number
        }
        if (lines.isEmpty()) {
            throw new CliException(2, "Requests file '" + requests + "' holds no requests");
        }
        Optional<ModelConfig.Configured> model = ModelConfig.fromEnv(ctx, listener(), modelOptions, redis());
        if (model.isEmpty()) {
            throw new CliException(1, "llmkit batch needs a model: set LLMKIT_BASE_URL (any OpenAI-compatible server),"
                    + " OPENAI_API_KEY or ANTHROPIC_API_KEY");
        }
        String id = jobId(model.get().label(), lines);
        Path storeFile = indexFolder().resolveSibling("batch").resolve("jobs.db");
        try (JobStore store = JobStore.open(storeFile);
                BatchRunner runner = BatchRunner.builder(store, model.get().model()).workers(workers)
                        .maxQueuedItems(Math.max(100_000, lines.size())).build()) {
            boolean resumed = store.status(id).isPresent();
            ctx.err().println((resumed ? "Resuming" : "Starting") + " batch " + id.substring(0, 12) + " of "
                    + lines.size() + " requests with " + model.get().label());
            try {
                runner.submit(id, requests.getFileName().toString(), lines, 0, budget);
            } catch (IllegalArgumentException e) {
                throw new CliException(2, requests + ": " + e.getMessage());
            }
            JobStatus s;
            do {
                s = runner.await(id, Duration.ofMillis(200));
                progress(s);
            } while (!s.ended() && runner.queued() > 0);
            ctx.err().println();
            if (!s.ended()) {
                throw new CliException(1, s.pending() + " requests could not be recorded (see the log); run the same "
                        + "command again to resume");
            }
            write(store.results(id));
            ctx.out().printf(Locale.ROOT, "%s: %d done, %d failed, %d not run; %d input and %d output tokens, cost %.4f."
                    + "%nAnswers in %s%n", s.state().name().toLowerCase(Locale.ROOT).replace('_', ' '), s.done(),
                    s.failed(), s.pending(), s.inputTokens(), s.outputTokens(), s.cost(), out);
            return s.failed() == 0 && s.state() == JobStatus.State.FINISHED ? 0 : 1;
        }
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

    private void progress(JobStatus s) {
        int finished = s.done() + s.failed();
        ctx.err().printf(Locale.ROOT, "\r%s %d/%d requests  %d failed",
                ProgressBar.bar(ProgressBar.fraction(finished, s.total())), finished, s.total(), s.failed());
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
