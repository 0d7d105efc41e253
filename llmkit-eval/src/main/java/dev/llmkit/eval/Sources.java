package dev.llmkit.eval;

import dev.llmkit.api.rag.Chunk;

/** How an expected source id names a chunk. */
final class Sources {
    private Sources() {}

    /**
     * Whether {@code id} names {@code chunk}: its chunk id, its document id, its source, or its source and the last
     * part of its heading ({@code rag.md#Chunking}, ignoring case).
     */
    static boolean matches(String id, Chunk chunk) {
        if (id.equals(chunk.id()) || id.equals(chunk.documentId()) || id.equals(chunk.source())) {
            return true;
        }
        int hash = id.indexOf('#');
        return hash > 0 && id.substring(0, hash).equals(chunk.source())
                && id.substring(hash + 1).strip().equalsIgnoreCase(lastHeading(chunk));
    }

    /** {@code source#last heading}, or the source when the chunk has no heading. */
    static String idOf(Chunk chunk) {
        String h = lastHeading(chunk);
        return h.isEmpty() ? chunk.source() : chunk.source() + "#" + h;
    }

    private static String lastHeading(Chunk chunk) {
        String h = chunk.metadata().getOrDefault("heading", "");
        int cut = h.lastIndexOf(" > ");
        return (cut < 0 ? h : h.substring(cut + 3)).strip();
    }
}
