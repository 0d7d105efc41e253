package dev.llmkit.api.rag;

import java.util.Objects;

/**
 * A chunk with its embedding vector, as stored in a {@link VectorStore}.
 *
 * @param chunk the chunk
 * @param vector its embedding; not copied, so callers must not modify it after handing it over
 */
public record EmbeddedChunk(Chunk chunk, float[] vector) {

    /** Validates. */
    public EmbeddedChunk {
        Objects.requireNonNull(chunk, "chunk");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new IllegalArgumentException("vector of chunk " + chunk.id() + " is empty");
        }
    }
}
