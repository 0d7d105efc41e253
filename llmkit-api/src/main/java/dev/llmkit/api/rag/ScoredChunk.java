package dev.llmkit.api.rag;

import java.util.Objects;

/**
 * A retrieved chunk and its score. Scores are comparable only within one result list: BM25, cosine and fused
 * scores live on different scales.
 *
 * @param chunk the chunk
 * @param score higher is better; finite
 */
public record ScoredChunk(Chunk chunk, double score) {

    /** Validates. */
    public ScoredChunk {
        Objects.requireNonNull(chunk, "chunk");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }

    /** A copy with another score. */
    public ScoredChunk withScore(double score) {
        return new ScoredChunk(chunk, score);
    }
}
