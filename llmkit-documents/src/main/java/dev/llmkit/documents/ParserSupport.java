package dev.llmkit.documents;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the parsers share: metadata entries that skip blanks, and recognising a ZIP archive by its first bytes. */
final class ParserSupport {
    /** The first bytes of a ZIP archive (Office files, EPUB). */
    private static final byte[] ZIP = {'P', 'K', 3, 4};

    private ParserSupport() {}

    /** Puts {@code value}, stripped, under {@code key} unless it is null or blank. */
    static void put(Map<String, String> m, String key, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value.strip());
        }
    }

    /** Whether {@code head} starts like a ZIP archive. */
    static boolean isZip(byte[] head) {
        if (head.length < ZIP.length) {
            return false;
        }
        for (int i = 0; i < ZIP.length; i++) {
            if (head[i] != ZIP[i]) {
                return false;
            }
        }
        return true;
    }
}
