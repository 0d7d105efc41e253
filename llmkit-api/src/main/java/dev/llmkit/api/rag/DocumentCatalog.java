package dev.llmkit.api.rag;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which documents a store holds and the content hash each was written with, so an ingest re-embeds only what
 * changed and removes what is gone ({@code Ingestor} needs it beside the {@link VectorStore} role). Writes follow the
 * store's {@link VectorStore} rules for visibility and durability. Implementations are thread-safe.
 */
public interface DocumentCatalog {

    /**
     * Replaces every chunk of a document with {@code chunks} and records its content hash, so readers see either the
     * old chunks or the new ones. Every chunk's {@link Chunk#documentId()} must be {@code documentId}.
     *
     * @throws IllegalArgumentException when a chunk belongs to another document
     */
    void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks);

    /** Removes every chunk of these documents and their recorded hashes. */
    void deleteDocuments(Collection<String> documentIds);

    /**
     * The id and content hash of every document whose id starts with {@code idPrefix} ({@code ""} for all), sorted by
     * id; unmodifiable. Documents written with {@link VectorStore#upsert} rather than {@link #replaceDocument} have an
     * empty hash.
     */
    Map<String, String> documentHashes(String idPrefix);

    /** The content hash recorded for a document, if the store holds it. */
    default Optional<String> documentHash(String documentId) {
        return Optional.ofNullable(documentHashes(documentId).get(documentId));
    }

    /** The {@link Chunk#source()} of a document's chunks, if the store holds it. */
    Optional<String> documentSource(String documentId);

    /**
     * Discards every write since the last {@link VectorStore#flush()}, so a failed ingest publishes none of its work.
     * A store that cannot undo writes says so by throwing {@link UnsupportedOperationException}; the ingest then
     * rethrows its own failure with this one suppressed, and the writes made before the failure stay.
     */
    void rollback();
}
