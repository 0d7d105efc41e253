package dev.llmkit.rag;

import java.time.Duration;
import java.util.Optional;

/**
 * Where an ingest stands. Reported after every embedding batch, so it moves within a large document too.
 *
 * @param documentsDone documents processed so far (indexed or unchanged)
 * @param documentsTotal documents to process
 * @param chunksEmbedded chunks embedded or taken from the cache so far
 * @param chunksTotal chunks to embed in all: exact once every document is chunked, until then estimated from the
 *     chunks per character of the documents chunked so far
 * @param chunksPerSecond throughput so far
 * @param elapsed time since the ingest started
 * @param eta estimated time left, from the chunks left and the chunks per second so far, when it can be told
 */
public record IngestProgress(int documentsDone, int documentsTotal, long chunksEmbedded, long chunksTotal,
        double chunksPerSecond, Duration elapsed, Optional<Duration> eta) {

    /** The share of the work done, from 0 to 1: by chunks when there are any, else by documents. */
    public double fractionDone() {
        if (chunksTotal > 0) {
            return Math.min(1.0, (double) chunksEmbedded / chunksTotal);
        }
        return documentsTotal == 0 ? 1.0 : (double) documentsDone / documentsTotal;
    }

    /** Whether every document has been processed. */
    public boolean finished() {
        return documentsDone == documentsTotal;
    }
}
