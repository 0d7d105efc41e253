package dev.llmkit.examples.cli;

import dev.llmkit.rag.IngestProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Renders ingestion progress on one line of standard error: a bar filled by chunks embedded (so it moves within a
 * large file), files, chunks done of the (estimated) total, chunks/s and an ETA computed from the chunks left.
 */
final class ProgressBar implements Consumer<IngestProgress> {
    private static final int WIDTH = 24;
    private final PrintWriter err;
    private long lastDraw;
    private boolean ended;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    /** The bar alone, {@code [####....]}, filled to {@code fraction} (0 to 1). */
    static String bar(double fraction) {
        int filled = (int) Math.round(WIDTH * Math.max(0, Math.min(1, fraction)));
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    /** {@code done} of {@code total} as a fraction (1 when there is nothing to do). */
    static double fraction(long done, long total) {
        return total <= 0 ? 1 : done / (double) total;
    }

    static String render(IngestProgress p) {
        return String.format(Locale.ROOT, "%s %d/%d files  %d/%s%d chunks  %.1f chunks/s  ETA %s",
                bar(p.fractionDone()), p.documentsDone(), p.documentsTotal(),
                p.chunksEmbedded(), p.finished() ? "" : "~", p.chunksTotal(), p.chunksPerSecond(),
                p.eta().map(d -> d.toSeconds() + "s").orElse("?"));
    }

    @Override
    public void accept(IngestProgress p) {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        boolean last = p.finished();
        if (!last && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        err.print("\r" + render(p));
        if (last) {
            err.println();
            ended = true;
        }
        err.flush();
    }
}
