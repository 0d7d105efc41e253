package dev.llmkit.api.rag;

import java.util.Map;
import java.util.Objects;

/**
 * A piece of a document that is indexed and retrieved on its own.
 *
 * @param id stable across re-ingestion of unchanged content (derived from the document id and a content hash)
 * @param documentId the id of the {@link Document} it came from
 * @param text the chunk's text
 * @param source where the document came from, for citations
 * @param position the chunk's ordinal within its document, from 0
 * @param metadata the document's metadata plus chunk-level entries such as {@code heading}; unmodifiable
 */
public record Chunk(String id, String documentId, String text, String source, int position,
        Map<String, String> metadata) {

    /** Validates and copies. */
    public Chunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (id.isBlank() || documentId.isBlank()) {
            throw new IllegalArgumentException("Chunk id and documentId must not be blank");
        }
        if (position < 0) {
            throw new IllegalArgumentException("Chunk position must be >= 0, got " + position);
        }
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /** A citation label such as {@code docs/retry.md#2}. */
    public String citation() {
        return source + "#" + position;
    }
}
