package dev.llmkit.rag;

import java.time.Duration;
import java.util.Optional;

/**
 * Where an ingest stands.
 *
 * @param documentsDone documents processed so far (indexed, unchanged or failed)
 * @param documentsTotal documents to process
 * @param chunksEmbedded chunks embedded or taken from the cache so far
 * @param chunksPerSecond throughput so far
 * @param elapsed time since the ingest started
 * @param eta estimated time left, when it can be told
 */
public record IngestProgress(int documentsDone, int documentsTotal, long chunksEmbedded, double chunksPerSecond,
        Duration elapsed, Optional<Duration> eta) {
}
