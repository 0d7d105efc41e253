package dev.llmkit.examples.cli;

import dev.llmkit.rag.IngestProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/** Renders ingestion progress on one line of standard error: files, chunks, chunks/s and ETA. */
final class ProgressBar implements Consumer<IngestProgress> {
    private static final int WIDTH = 24;
    private final PrintWriter err;
    private long lastDraw;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    static String render(IngestProgress p) {
        int filled = p.documentsTotal() == 0 ? WIDTH : (int) ((long) WIDTH * p.documentsDone() / p.documentsTotal());
        return String.format(Locale.ROOT, "[%s%s] %d/%d files  %d chunks  %.1f chunks/s  ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), p.documentsDone(), p.documentsTotal(),
                p.chunksEmbedded(), p.chunksPerSecond(),
                p.eta().map(d -> d.toSeconds() + "s").orElse("?"));
    }

    @Override
    public void accept(IngestProgress p) {
        long now = System.nanoTime();
        boolean last = p.documentsDone() == p.documentsTotal();
        if (!last && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        err.print("\r" + render(p));
        if (last) {
            err.println();
        }
        err.flush();
    }
}
