package dev.llmkit.api.rag;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads a file format the folder loader does not read itself (PDF, Office files, spreadsheets), found with
 * {@link java.util.ServiceLoader}: register an implementation in
 * {@code META-INF/services/dev.llmkit.api.rag.DocumentParser} (llmkit-documents does, for PDF, DOCX, PPTX, XLSX,
 * CSV, HTML, EPUB and RTF). The loader picks a parser by extension, else by content ({@link #recognizes}). A parser may split a file into several documents, one per page, slide or sheet, so that citations can say
 * where ({@code report.pdf p. 12}).
 *
 * <p>Every document it returns has a {@link Document#source()} that starts with the file's relative path and an
 * {@link Document#id()} equal to {@code idPrefix + source}. A file it cannot read (encrypted, corrupt, too many
 * pages, no text) raises {@link Unreadable} with the reason, which the loader reports as a skipped file; it never
 * stops an ingest. Implementations are thread-safe.
 */
public interface DocumentParser {

    /** The file extensions it reads, lower case, without the dot (e.g. {@code pdf}). */
    Set<String> extensions();

    /**
     * Whether {@code file} is in this parser's format by its content, for files whose extension no parser claims (a
     * PDF without {@code .pdf}, a scan named {@code scan-0001}) or that a text extension hides. By default, no.
     *
     * @param file the file, to look inside where the first bytes do not settle it (a ZIP-based format)
     * @param head the file's first bytes (up to 8; fewer for a shorter file)
     */
    default boolean recognizes(Path file, byte[] head) {
        return false;
    }

    /**
     * Reads {@code file}.
     *
     * @param file the file
     * @param source the file's path relative to the loaded folder, with {@code /} separators
     * @param idPrefix what every document id starts with (the folder's root and {@code /})
     * @param maxPages the most pages, slides or sheets to accept
     * @throws Unreadable when the file cannot be read, saying why
     * @throws PartlyRead when only part of it can, with the documents read
     */
    List<Document> parse(Path file, String source, String idPrefix, int maxPages);

    /**
     * Part of the file was read and part was not (scanned pages without OCR, say): it carries the documents that were
     * read, and its message says what was left out, why and what to do. The loader keeps the documents and reports the
     * file as skipped with that message.
     */
    final class PartlyRead extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Document> documents;

        /** With what was left out and the documents read. */
        public PartlyRead(String whatWasLeftOut, List<Document> documents) {
            super(whatWasLeftOut);
            this.documents = List.copyOf(documents);
        }

        /** The documents that were read. */
        public List<Document> documents() {
            return documents;
        }
    }

    /** The file cannot be read; the message says why (and, where it helps, what to do). */
    final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** With the reason. */
        public Unreadable(String reason) {
            super(reason);
        }

        /** With the reason and its cause. */
        public Unreadable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
