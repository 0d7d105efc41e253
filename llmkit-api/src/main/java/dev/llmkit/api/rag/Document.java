package dev.llmkit.api.rag;

import java.util.Map;
import java.util.Objects;

/**
 * A source document before chunking: a file, a web page, a record.
 *
 * @param id a stable id, e.g. the path relative to the ingested folder; re-ingesting the same id replaces it
 * @param text the document's text
 * @param source where it came from, for citations (a path or URL)
 * @param metadata e.g. {@code title}, {@code lang}, {@code tenant}; unmodifiable
 */
public record Document(String id, String text, String source, Map<String, String> metadata) {

    /** Validates and copies. */
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Document id must not be blank");
        }
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /** A document whose source is its id, without metadata. */
    public static Document of(String id, String text) {
        return new Document(id, text, id, Map.of());
    }
}
