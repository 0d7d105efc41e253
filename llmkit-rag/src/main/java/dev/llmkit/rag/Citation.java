package dev.llmkit.rag;

import dev.llmkit.api.rag.ScoredChunk;
import java.util.Objects;

/**
 * A numbered source in a grounded prompt or answer.
 *
 * @param number the number used in the text, from 1 ({@code [1]})
 * @param source the document's source (path or URL)
 * @param position the chunk's position in its document
 * @param heading the chunk's heading path, or empty
 * @param chunk the retrieved chunk and its score
 */
public record Citation(int number, String source, int position, String heading, ScoredChunk chunk) {

    /** Validates. */
    public Citation {
        if (number < 1) {
            throw new IllegalArgumentException("citation numbers start at 1, got " + number);
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(heading, "heading");
        Objects.requireNonNull(chunk, "chunk");
    }

    /** {@code [n] source#position (heading)}. */
    public String label() {
        return "[" + number + "] " + source + "#" + position + (heading.isEmpty() ? "" : " (" + heading + ")");
    }
}
