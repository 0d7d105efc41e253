package dev.llmkit.rag;

import java.time.Duration;
import java.util.List;

/**
 * What an ingest did.
 *
 * @param documentsIndexed new or changed documents (re)indexed
 * @param documentsUnchanged documents skipped because their content hash had not changed
 * @param documentsDeleted documents removed because their file is gone
 * @param chunksIndexed chunks written
 * @param chunksFromCache chunks whose embedding came from the cache
 * @param skipped files that could not be loaded, with reasons
 * @param elapsed wall time
 */
public record IngestReport(int documentsIndexed, int documentsUnchanged, int documentsDeleted, long chunksIndexed,
        long chunksFromCache, List<SkippedFile> skipped, Duration elapsed) {

    /** Copies. */
    public IngestReport {
        skipped = List.copyOf(skipped);
    }

    /** Chunks written per second. */
    public double chunksPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : chunksIndexed / s;
    }
}
