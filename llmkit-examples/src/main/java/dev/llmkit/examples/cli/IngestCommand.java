package dev.llmkit.examples.cli;

import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.SkippedFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmkit ingest <dir> [--replace]}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Load and index a folder of .md, .txt, .html, .pdf, .docx, .pptx, .xlsx, .csv, .epub and .rtf files"
                + " (recursively) into an on-disk index; scanned PDF pages are read by Tesseract when it is installed. PDF pages, slides and sheets become documents of their own, cited as"
                + " 'report.pdf p. 2'; tables keep their header on every row block. Documents are identified by the"
                + " folder's absolute path plus their relative path. Unchanged files"
                + " are skipped; files removed from DIR are dropped from the index; documents of other folders"
                + " (including the bundled docs of the default index) are kept unless --replace. Unreadable files and"
                + " folders are reported and skipped. Queries keep answering from the last commit while this runs.")
final class IngestCommand extends BaseCommand {
    @Parameters(paramLabel = "DIR", description = "The folder to ingest")
    Path dir;

    @Option(names = "--replace",
            description = "Make the index hold DIR only: remove every document that did not come from DIR (other"
                    + " folders, the bundled docs)")
    boolean replace;

    @Option(names = "--rebuild",
            description = "Build a new index of DIR only beside the live one (for another embedding model or chunking),"
                    + " then switch to it atomically: queries keep answering from the old index until the new one is"
                    + " complete")
    boolean rebuild;

    @Override
    public Integer call() {
        requireFolder(dir, "Folder");
        if (rebuild && replace) {
            throw new CliException(2, "--rebuild already makes the index hold DIR only; drop --replace");
        }
        Optional<SolrTarget> solr = SolrTarget.from(ctx);
        if (rebuild && solr.isPresent()) {
            var embeddings = ctx.embeddings();
            ctx.err().println("Rebuilding SolrCloud alias " + solr.get().alias() + " from " + dir + " with "
                    + embeddings.info().model() + " (queries keep answering until the new collection is complete)");
            report(solr.get().rebuild(indexFolder(), embeddings, dir, new ProgressBar(ctx.err())));
            return 0;
        }
        if (solr.isPresent()) {
            try (Pipeline p = solr.get().open(indexFolder(), ctx.embeddings())) {
                ctx.err().println("Ingesting " + dir + " into SolrCloud alias " + solr.get().alias() + " with "
                        + p.embeddings.info().model() + (replace ? " (replacing everything else in it)" : ""));
                report(p.ingest(dir, replace, new ProgressBar(ctx.err())));
            }
            return 0;
        }
        if (rebuild) {
            var embeddings = ctx.embeddings();
            ctx.err().println("Rebuilding " + indexFolder() + " from " + dir + " with " + embeddings.info().model()
                    + " (the current index keeps answering until the new one is complete)");
            report(Pipeline.rebuild(indexFolder(), embeddings, dir, new ProgressBar(ctx.err())));
            return 0;
        }
        try (Pipeline p = Pipeline.openForIngest(indexFolder(), ctx.embeddings())) {
            ctx.err().println("Ingesting " + dir + " into " + p.folder + " with " + p.embeddings.info().model()
                    + (replace ? " (replacing everything else in the index)" : ""));
            report(p.ingest(dir, replace, new ProgressBar(ctx.err())));
        }
        return 0;
    }

    private void report(IngestReport r) {
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
}
