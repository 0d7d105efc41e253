package dev.llmkit.examples.cli;

import dev.llmkit.api.event.ChatModelListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options and helpers every command shares. */
abstract class BaseCommand implements Callable<Integer> {
    CliContext ctx;

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (default: $LLMKIT_HOME/index or ~/.llmkit/index)")
    @Nullable Path index;

    @Option(names = {"-v", "--verbose"}, description = "Print listener events (requests, retries, tokens, cost, latency)"
            + " and the span tree of the command to stderr")
    boolean verbose;

    @Option(names = "--trace", description = "Print the span tree of the command (OpenTelemetry GenAI spans:"
            + " retrievals, model calls, attempts, tools) to stderr")
    boolean trace;

    private @Nullable CliTrace tracing;
    private dev.llmkit.redis.@Nullable RedisStores redis;
    private boolean redisChecked;

    Path indexFolder() {
        return index != null ? index : ctx.defaultIndex();
    }

    ChatModelListener listener() {
        ChatModelListener observed = tracing().observability().listener();
        return verbose ? ChatModelListener.composite(new VerboseListener(ctx.err()), observed) : observed;
    }

    /**
     * Shared state on the Redis named by {@code LLMKIT_REDIS_URL} (circuit state, rate limits, agent runs), or null
     * without it; closed when the command ends.
     */
    dev.llmkit.redis.@Nullable RedisStores redis() {
        if (!redisChecked) {
            redisChecked = true;
            String url = ctx.get("LLMKIT_REDIS_URL");
            if (url != null && !url.isBlank()) {
                try {
                    redis = dev.llmkit.redis.RedisStores.builder(url.strip()).build();
                } catch (IllegalArgumentException e) {
                    throw new CliException(2, "LLMKIT_REDIS_URL: " + e.getMessage());
                }
            }
        }
        return redis;
    }

    /** The command's spans and audit log, made on first use. */
    CliTrace tracing() {
        if (tracing == null) {
            tracing = new CliTrace(CliTrace.auditFolder(ctx.defaultIndex().getParent()), trace || verbose, ctx.err());
        }
        return tracing;
    }

    /**
     * Runs {@code work} inside a root span named {@code name}; prints the span tree with {@code --trace} or
     * {@code --verbose}, also when the work fails.
     */
    Integer traced(String name, Callable<Integer> work) throws Exception {
        CliTrace t = tracing();
        try {
            return t.run(name, work);
        } finally {
            if (trace || verbose) {
                ctx.out().flush();
                t.print(ctx.err());
            }
            t.close();
            if (redis != null) {
                redis.close();
            }
        }
    }

    /**
     * Opens the index, creating it from the bundled docs on first use of the default index.
     *
     * @throws CliException when a given index folder holds no index
     */
    Pipeline openForQuestions() {
        Path folder = indexFolder();
        Optional<SolrTarget> solr = SolrTarget.from(ctx);
        if (solr.isPresent()) {
            Pipeline p = solr.get().open(folder, ctx.embeddings());
            p.listen(tracing().observability().listener());
            if (p.size() == 0) {
                ctx.err().println("First run: indexing llmkit's bundled documentation into SolrCloud alias "
                        + solr.get().alias() + " ...");
                Path docs = folder.resolve("bundled-docs");
                BundledDocs.extractTo(docs);
                var report = p.ingest(docs, new ProgressBar(ctx.err()));
                ctx.err().printf("Indexed %d documents, %d chunks.%n%n", report.documentsIndexed(),
                        report.chunksIndexed());
            }
            return p;
        }
        if (!Pipeline.exists(folder)) {
            if (index != null) {
                throw new CliException(1, "No index at " + folder + ". Create one with: llmkit ingest <folder> --index "
                        + folder);
            }
            ctx.err().println("First run: indexing llmkit's bundled documentation into " + folder + " ...");
            Pipeline p = Pipeline.open(folder, ctx.embeddings());
            p.listen(tracing().observability().listener());
            Path docs = folder.resolve("bundled-docs");
            BundledDocs.extractTo(docs);
            var report = p.ingest(docs, new ProgressBar(ctx.err()));
            ctx.err().printf("Indexed %d documents, %d chunks.%n%n", report.documentsIndexed(), report.chunksIndexed());
            return p;
        }
        Pipeline p = Pipeline.open(folder, ctx.embeddings());
        p.listen(tracing().observability().listener());
        return p;
    }

    static void requireFolder(Path p, String what) {
        if (!Files.isDirectory(p)) {
            throw new CliException(2, what + " '" + p + "' is not a folder");
        }
    }
}
