package dev.llmkit.examples.cli;

import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.SkippedFile;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code llmkit ingest <dir>}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Load and index a folder of .md, .txt and .html files (recursively) into an on-disk index."
                + " Unchanged files are skipped; removed files are dropped from the index.")
final class IngestCommand extends BaseCommand {
    @Parameters(paramLabel = "DIR", description = "The folder to ingest")
    Path dir;

    @Override
    public Integer call() {
        requireFolder(dir, "Folder");
        try (Pipeline p = Pipeline.open(indexFolder(), ctx.embeddings())) {
            ctx.err().println("Ingesting " + dir + " into " + p.folder + " with " + p.embeddings.info().model());
            IngestReport r = p.ingest(dir, new ProgressBar(ctx.err()));
            ctx.out().printf(Locale.ROOT, "Indexed %d documents (%d unchanged, %d removed), %d chunks in %.1f s (%.1f chunks/s).%n",
                    r.documentsIndexed(), r.documentsUnchanged(), r.documentsDeleted(), r.chunksIndexed(),
                    r.elapsed().toMillis() / 1000.0, r.chunksPerSecond());
            if (!r.skipped().isEmpty()) {
                ctx.out().printf("Skipped %d files:%n", r.skipped().size());
                for (SkippedFile s : r.skipped()) {
                    ctx.out().printf("  %s: %s%n", s.path(), s.reason());
                }
            }
        }
        return 0;
    }
}
