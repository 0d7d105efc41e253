package dev.llmkit.routing.cost;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.error.ErrorInfo;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A price file could not be read or holds a malformed entry. The message names the file, the entry (by position,
 * counting from 1, and by provider/model when they could be read) and the field, says what is wrong and what to do.
 * Thrown by {@link PriceTable} when it loads a file; never during a call.
 */
public class PriceFileException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final @Nullable Integer entry;

    /**
     * Creates the exception.
     *
     * @param source the file or resource name
     * @param entry the 1-based position of the malformed entry in {@code models}, or {@code null} for the file as a
     *     whole
     * @param message what is wrong and what to do; the constructor prefixes the file and entry
     * @param cause the parse failure, if any
     */
    public PriceFileException(String source, @Nullable Integer entry, String message, @Nullable Throwable cause) {
        super("Price file " + source + (entry == null ? "" : ", entry " + entry) + ": " + message, cause,
                ErrorInfo.NONE);
        this.source = source;
        this.entry = entry;
    }

    /** The file or resource that failed. */
    public String source() {
        return source;
    }

    /** The 1-based position of the malformed entry in the file's {@code models} list; empty for file-level faults. */
    public Optional<Integer> entry() {
        return Optional.ofNullable(entry);
    }
}
