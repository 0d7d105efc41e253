package dev.llmkit.rag;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import dev.llmkit.rag.internal.HtmlText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads plain text, Markdown and HTML files from a folder, recursively, into {@link Document}s. Each document's id is
 * the folder's identity (its absolute path by default, see {@link #load(Path, String)}) followed by {@code /} and the
 * file's path relative to the folder, its source the relative path (for short citations), and its metadata holds
 * {@code title} (first Markdown heading, HTML {@code <title>}, or the file name) and {@code format}.
 *
 * <p>Files that are binary, unreadable, not UTF-8 or larger than {@link #MAX_FILE_BYTES}, and subfolders that cannot be
 * listed, are reported as {@link SkippedFile}s and never stop the run.
 *
 * <p>Other formats are read by {@link DocumentParser}s, found with {@code ServiceLoader} (add llmkit-documents for
 * PDF, DOCX, PPTX, XLSX and CSV) or given to {@link Builder#parsers(List)}. Each parsed file runs on its own daemon
 * thread within {@link Builder#limits size, page and time limits}; a file past one, or one its parser calls
 * {@link DocumentParser.Unreadable}, is a skipped file with the reason. A parser that ignores the interrupt at the
 * time limit keeps its thread until it returns; its result is dropped, and while four such
 * threads run in the JVM, further files are skipped rather than parsed.
 *
 * <pre>{@code
 * FolderLoader.Result r = FolderLoader.builder().include("**.md").build().load(Path.of("docs"));
 * r.skipped().forEach(s -> System.err.println("skipped " + s.path() + ": " + s.reason()));
 * }</pre>
 */
public final class FolderLoader {
    /** Files above this size (10 MiB) are skipped. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** The extensions loaded by default. */
    public static final List<String> DEFAULT_EXTENSIONS = List.of("md", "markdown", "txt", "text", "html", "htm");

    /** Files a {@link DocumentParser} reads may be this large (50 MiB) by default. */
    public static final long DEFAULT_MAX_PARSED_BYTES = 50L * 1024 * 1024;
    /** Pages (slides, sheets) a parsed file may have by default. */
    public static final int DEFAULT_MAX_PAGES = 2_000;
    /** How long one file may take to parse by default (5 minutes: OCR of a scanned page takes seconds). */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofMinutes(5);

    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final Lister lister;
    private final Parsing parsing;

    private FolderLoader(Builder b) {
        this.lister = b.lister;
        this.parsing = new Parsing(b.parsers != null ? b.parsers : Parsing.discovered(), b.maxParsedBytes, b.maxPages,
                b.parseTimeout);
        this.includes = b.includes.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        this.excludes = b.excludes.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }

    /** A loader for every supported file. */
    public static FolderLoader create() {
        return builder().build();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The documents found under {@code folder} (sorted by path) and the files skipped, identified under the folder's
     * absolute, normalised path: {@code load(folder, FolderLoader.rootOf(folder))}.
     *
     * @throws IllegalArgumentException when {@code folder} is not a readable directory
     */
    public Result load(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return load(folder, rootOf(folder));
    }

    /**
     * The documents found under {@code folder} (sorted by path) and the files skipped. Each document's id is
     * {@code root + "/" + relative path}, so two folders with the same relative names never collide, and a caller may
     * choose a stable {@code root} (e.g. {@code "handbook"}) that survives moving the folder. A subfolder that cannot
     * be listed is reported as a {@link SkippedFile} like any unreadable file and never stops the run.
     *
     * @param root the identity of the folder, e.g. {@link #rootOf(Path)}; not blank, no trailing {@code /}
     * @throws IllegalArgumentException when {@code folder} is not a readable directory or {@code root} is blank
     */
    public Result load(Path folder, String root) {
        Objects.requireNonNull(folder, "folder");
        String r = checkRoot(root);
        List<Path> files = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        list(folder, files, skipped);
        List<Document> docs = new ArrayList<>();
        for (Path file : files) {
            loadOne(folder, r, file, docs, skipped);
        }
        skipped.sort(java.util.Comparator.comparing(SkippedFile::path));
        return new Result(r, docs, skipped);
    }

    /**
     * The documents one file under {@code folder} holds (several when a parser splits it into pages or slides), with
     * the ids {@link #load(Path, String)} would give them; a file that cannot be used is reported in
     * {@link Result#skipped()}, and one the include and exclude patterns leave out gives nothing.
     *
     * @throws IllegalArgumentException when {@code file} is not under {@code folder} or {@code root} is blank
     */
    public Result loadFile(Path folder, String root, Path file) {
        String r = checkRoot(root);
        Path base = folder.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(base) || f.equals(base)) {
            throw new IllegalArgumentException("The file " + file + " is not under the folder " + folder);
        }
        List<Document> docs = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            skipped.add(new SkippedFile(f, "not a readable file"));
        } else {
            loadOne(base, r, f, docs, skipped);
        }
        return new Result(r, docs, skipped);
    }

    /**
     * The files under {@code folder} that the include and exclude patterns select, sorted: the files
     * {@link #load(Path, String)} looks at, one by one (a file it would skip gives no document when loaded).
     *
     * @throws IllegalArgumentException when {@code folder} or one of its subfolders cannot be listed
     */
    public List<Path> files(Path folder) {
        List<Path> files = new ArrayList<>();
        List<SkippedFile> unreadable = new ArrayList<>();
        list(folder, files, unreadable);
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException("Cannot list " + unreadable.get(0).path() + " (" + unreadable.get(0)
                    .reason() + "): make it readable, or ingest a folder that does not hold it");
        }
        files.removeIf(f -> !selected(folder.relativize(f)));
        return List.copyOf(files);
    }

    /** Every file under {@code folder}, sorted, and the subfolders that could not be listed. */
    private void list(Path folder, List<Path> files, List<SkippedFile> unreadable) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Not a folder: " + folder + " (give a directory of .md, .txt or .html files)");
        }
        try {
            walk(folder, files, unreadable);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        files.sort(null);
    }

    private void loadOne(Path folder, String r, Path file, List<Document> docs, List<SkippedFile> skipped) {
        Path rel = folder.relativize(file);
        if (!selected(rel)) {
            return;
        }
        String ext = extension(file);
        DocumentParser parser = parsing.forExtension(ext);
        if (parser != null) {
            parsing.parse(parser, file, rel, r, docs, skipped);
            return;
        }
        boolean textExtension = DEFAULT_EXTENSIONS.contains(ext) || !includes.isEmpty();
        if (!textExtension) {
            DocumentParser byContent = parsing.byContent(file);
            if (byContent != null) {
                parsing.parse(byContent, file, rel, r, docs, skipped);
            }
            return;
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                skipped.add(new SkippedFile(file, "larger than " + MAX_FILE_BYTES + " bytes"));
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (looksBinary(bytes)) {
                DocumentParser byContent = parsing.byContent(file);
                if (byContent != null) {
                    parsing.parse(byContent, file, rel, r, docs, skipped);
                } else {
                    skipped.add(new SkippedFile(file, "binary content"));
                }
                return;
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            docs.add(toDocument(r, rel, ext, text));
        } catch (CharacterCodingException e) {
            skipped.add(new SkippedFile(file, "not valid UTF-8 text"));
        } catch (IOException | SecurityException e) {
            skipped.add(new SkippedFile(file, "unreadable: " + e.getMessage()));
        }
    }

    /** The file extensions some registered {@link DocumentParser} reads. */
    public Set<String> parsedExtensions() {
        return parsing.extensions();
    }

    /** The default identity of a folder: its absolute, normalised path with {@code /} separators. */
    public static String rootOf(Path folder) {
        String r = folder.toAbsolutePath().normalize().toString().replace('\\', '/');
        return r.length() > 1 && r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }

    /** The id a file under {@code folder} gets when the folder is loaded under {@code root}. */
    public static String documentId(String root, Path folder, Path file) {
        return checkRoot(root) + "/" + folder.relativize(file).toString().replace('\\', '/');
    }

    private static String checkRoot(String root) {
        Objects.requireNonNull(root, "root");
        if (root.isBlank()) {
            throw new IllegalArgumentException("root must not be blank");
        }
        return root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private void walk(Path dir, List<Path> files, List<SkippedFile> skipped) throws IOException {
        for (Path entry : lister.list(dir)) {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    walk(entry, files, skipped);
                } catch (IOException | SecurityException e) {
                    skipped.add(new SkippedFile(entry, "unreadable folder: " + e));
                }
            } else if (Files.isRegularFile(entry)) {
                files.add(entry);
            }
        }
    }

    /** Lists a directory's entries; a seam so tests can simulate folders the process may not read. */
    interface Lister {
        List<Path> list(Path dir) throws IOException;

        Lister FILES = dir -> {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                List<Path> out = new ArrayList<>();
                s.forEach(out::add);
                return out;
            } catch (java.nio.file.DirectoryIteratorException e) {
                throw e.getCause();
            }
        };
    }

    private boolean selected(Path rel) {
        if (!includes.isEmpty() && includes.stream().noneMatch(m -> m.matches(rel))) {
            return false;
        }
        return excludes.stream().noneMatch(m -> m.matches(rel));
    }

    /** Turns one file's text into a document. */
    static Document toDocument(String root, Path rel, String ext, String text) {
        String path = rel.toString().replace('\\', '/');
        String id = root + "/" + path;
        Map<String, String> meta = new LinkedHashMap<>();
        String body = text;
        String title = null;
        if (ext.equals("html") || ext.equals("htm")) {
            HtmlText.Parsed parsed = HtmlText.parse(text);
            body = parsed.text();
            title = parsed.title();
            meta.put("format", "html");
        } else if (ext.equals("md") || ext.equals("markdown")) {
            meta.put("format", "markdown");
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("# ")) {
                    title = line.substring(2).trim();
                    break;
                }
            }
        } else {
            meta.put("format", "text");
        }
        meta.put("title", title == null || title.isBlank() ? rel.getFileName().toString() : title);
        return new Document(id, body, path, meta);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a load found.
     *
     * @param root the identity the folder was loaded under; every document id starts with {@code root + "/"}
     * @param documents the loaded documents, sorted by id
     * @param skipped the files and subfolders that could not be used
     */
    public record Result(String root, List<Document> documents, List<SkippedFile> skipped) {
        /** Copies. */
        public Result {
            Objects.requireNonNull(root, "root");
            documents = List.copyOf(documents);
            skipped = List.copyOf(skipped);
        }
    }

    /** Builds a {@link FolderLoader}. */
    public static final class Builder {
        private final List<String> includes = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private Lister lister = Lister.FILES;
        private @Nullable List<DocumentParser> parsers;
        private long maxParsedBytes = DEFAULT_MAX_PARSED_BYTES;
        private int maxPages = DEFAULT_MAX_PAGES;
        private Duration parseTimeout = DEFAULT_PARSE_TIMEOUT;

        private Builder() {}

        /** The parsers for other formats (default: every {@link DocumentParser} {@code ServiceLoader} finds). */
        public Builder parsers(List<DocumentParser> parsers) {
            this.parsers = List.copyOf(parsers);
            return this;
        }

        /**
         * Limits on a parsed file: its size in bytes, its pages (slides, sheets), and the time it may take; a file
         * past one is skipped and reported.
         */
        public Builder limits(long maxBytes, int maxPages, Duration parseTimeout) {
            if (maxBytes < 1 || maxPages < 1 || parseTimeout.isNegative() || parseTimeout.isZero()) {
                throw new IllegalArgumentException("limits must be positive, were " + maxBytes + " bytes, " + maxPages
                        + " pages, " + parseTimeout);
            }
            this.maxParsedBytes = maxBytes;
            this.maxPages = maxPages;
            this.parseTimeout = parseTimeout;
            return this;
        }

        /** Test seam: how folders are listed. */
        Builder lister(Lister lister) {
            this.lister = Objects.requireNonNull(lister, "lister");
            return this;
        }

        /** Loads only files whose relative path matches this glob (e.g. {@code **.md}); repeatable. */
        public Builder include(String glob) {
            includes.add(Objects.requireNonNull(glob, "glob"));
            return this;
        }

        /** Skips files whose relative path matches this glob; repeatable. */
        public Builder exclude(String glob) {
            excludes.add(Objects.requireNonNull(glob, "glob"));
            return this;
        }

        /** Builds the loader. */
        public FolderLoader build() {
            return new FolderLoader(this);
        }
    }
}
