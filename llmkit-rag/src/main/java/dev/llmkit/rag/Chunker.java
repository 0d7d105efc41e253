package dev.llmkit.rag;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import java.util.List;

/**
 * Splits a document into chunks. Implementations are thread-safe and deterministic: the same document always gives
 * the same chunks with the same ids, so re-ingesting unchanged content changes nothing.
 */
@FunctionalInterface
public interface Chunker {

    /** The chunks of {@code document}, in order, positions from 0. */
    List<Chunk> chunk(Document document);

    /** The default: {@link MarkdownChunker} with its default budget. */
    static Chunker defaults() {
        return MarkdownChunker.builder().build();
    }
}
