package dev.llmkit.rag;

import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Another {@link EmbeddingCache}, in this or another process, has the same cache file open: two writers would append
 * to it at the same offsets. Close the other one first, or give each its own file. Not retryable at once.
 */
public final class EmbeddingCacheInUseException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the cache file that is in use
     * @param cause the underlying failure, if any
     */
    public EmbeddingCacheInUseException(Path file, @Nullable Throwable cause) {
        super("The embedding cache " + file + " is open in another EmbeddingCache (in this or another process)."
                + " Close that one first, or open a cache on another file.", cause, false, ErrorInfo.NONE);
        this.file = file;
    }

    /** The cache file that is in use. */
    public Path file() {
        return file;
    }
}
