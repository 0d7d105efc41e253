package dev.llmkit.examples.cli;

import dev.llmkit.api.event.ChatModelListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options and helpers every command shares. */
abstract class BaseCommand implements Callable<Integer> {
    CliContext ctx;

    @Option(names = "--index", paramLabel = "DIR", description = "Index folder (default: $LLMKIT_HOME/index or ~/.llmkit/index)")
    @Nullable Path index;

    @Option(names = {"-v", "--verbose"}, description = "Print listener events (requests, retries, tokens, cost, latency) to stderr")
    boolean verbose;

    Path indexFolder() {
        return index != null ? index : ctx.defaultIndex();
    }

    ChatModelListener listener() {
        return verbose ? new VerboseListener(ctx.err()) : ChatModelListener.NONE;
    }

    /**
     * Opens the index, creating it from the bundled docs on first use of the default index.
     *
     * @throws CliException when a given index folder holds no index
     */
    Pipeline openForQuestions() {
        Path folder = indexFolder();
        if (!Pipeline.exists(folder)) {
            if (index != null) {
                throw new CliException(1, "No index at " + folder + ". Create one with: llmkit ingest <folder> --index "
                        + folder);
            }
            ctx.err().println("First run: indexing llmkit's bundled documentation into " + folder + " ...");
            Pipeline p = Pipeline.open(folder, ctx.embeddings());
            Path docs = folder.resolve("bundled-docs");
            BundledDocs.extractTo(docs);
            var report = p.ingest(docs, new ProgressBar(ctx.err()));
            ctx.err().printf("Indexed %d documents, %d chunks.%n%n", report.documentsIndexed(), report.chunksIndexed());
            return p;
        }
        return Pipeline.open(folder, ctx.embeddings());
    }

    static void requireFolder(Path p, String what) {
        if (!Files.isDirectory(p)) {
            throw new CliException(2, what + " '" + p + "' is not a folder");
        }
    }
}
