package dev.llmkit.rag;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The progress accounting of one ingest: counts documents and chunks as they are done, estimates the chunks still to
 * come from the chunks per character seen so far, and reports {@link IngestProgress} (rate and ETA) on demand.
 */
final class IngestMeter {
    private final Consumer<IngestProgress> progress;
    private final LongSupplier nanoClock;
    private final long start;
    private final int documentsTotal;
    private int documentsDone;
    private long chunksDone;
    private long chunksKnown;
    private long charsChunked;
    private long charsTotal;

    /** Starts the clock of an ingest of {@code documentsTotal} documents. */
    IngestMeter(Consumer<IngestProgress> progress, LongSupplier nanoClock, int documentsTotal) {
        this.progress = progress;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.documentsTotal = documentsTotal;
    }

    /** Counts {@code unchanged} documents as done and {@code chars} characters of text as still to chunk. */
    void planned(int unchanged, long chars) {
        documentsDone += unchanged;
        charsTotal += chars;
    }

    /** A document of {@code chars} characters was split into {@code chunks} chunks. */
    void chunked(long chars, int chunks) {
        charsChunked += chars;
        chunksKnown += chunks;
    }

    /** {@code chunks} more chunks have their vectors. */
    void embedded(long chunks) {
        chunksDone += chunks;
    }

    /** One more document was written. */
    void documentDone() {
        documentsDone++;
    }

    /** The time since the ingest started. */
    Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - start);
    }

    /** Tells the progress consumer where the ingest stands. */
    void report() {
        Duration elapsed = elapsed();
        double secs = elapsed.toNanos() / 1e9;
        long remainingChars = charsTotal - charsChunked;
        long total = chunksKnown + (charsChunked == 0 ? 0 : Math.round((double) remainingChars * chunksKnown
                / charsChunked));
        double rate = secs <= 0 ? 0 : chunksDone / secs;
        Optional<Duration> eta;
        if (documentsDone == documentsTotal) {
            eta = Optional.of(Duration.ZERO);
        } else if (rate > 0 && charsChunked > 0) {
            eta = Optional.of(Duration.ofMillis(Math.round(1000.0 * Math.max(0, total - chunksDone) / rate)));
        } else {
            eta = Optional.empty();
        }
        progress.accept(new IngestProgress(documentsDone, documentsTotal, chunksDone, total, rate, elapsed, eta));
    }
}
