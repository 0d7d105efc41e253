package dev.llmkit.rag;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file a loader could not use, and why (binary, unreadable, not valid UTF-8, too large).
 *
 * @param path the file
 * @param reason what was wrong, in words a user can act on
 */
public record SkippedFile(Path path, String reason) {

    /** Validates. */
    public SkippedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
