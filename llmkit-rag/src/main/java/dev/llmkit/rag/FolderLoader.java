package dev.llmkit.rag;

import dev.llmkit.api.rag.Document;
import dev.llmkit.rag.internal.HtmlText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads plain text, Markdown and HTML files from a folder, recursively, into {@link Document}s. Each document's id is
 * its path relative to the folder (with {@code /}), its source the same path, and its metadata holds {@code title}
 * (first Markdown heading, HTML {@code <title>}, or the file name) and {@code format}.
 *
 * <p>Files that are binary, unreadable, not UTF-8 or larger than {@link #MAX_FILE_BYTES} are reported as
 * {@link SkippedFile}s and never stop the run.
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

    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;

    private FolderLoader(Builder b) {
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
     * The documents found under {@code folder} (sorted by path) and the files skipped.
     *
     * @throws IllegalArgumentException when {@code folder} is not a readable directory
     */
    public Result load(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Not a folder: " + folder + " (give a directory of .md, .txt or .html files)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        List<Document> docs = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (Path file : files) {
            Path rel = folder.relativize(file);
            if (!selected(rel)) {
                continue;
            }
            String ext = extension(file);
            if (!DEFAULT_EXTENSIONS.contains(ext) && includes.isEmpty()) {
                continue;
            }
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) {
                    skipped.add(new SkippedFile(file, "larger than " + MAX_FILE_BYTES + " bytes"));
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (looksBinary(bytes)) {
                    skipped.add(new SkippedFile(file, "binary content"));
                    continue;
                }
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                docs.add(toDocument(rel, ext, text));
            } catch (CharacterCodingException e) {
                skipped.add(new SkippedFile(file, "not valid UTF-8 text"));
            } catch (IOException | SecurityException e) {
                skipped.add(new SkippedFile(file, "unreadable: " + e.getMessage()));
            }
        }
        return new Result(docs, skipped);
    }

    private boolean selected(Path rel) {
        if (!includes.isEmpty() && includes.stream().noneMatch(m -> m.matches(rel))) {
            return false;
        }
        return excludes.stream().noneMatch(m -> m.matches(rel));
    }

    /** Turns one file's text into a document. */
    static Document toDocument(Path rel, String ext, String text) {
        String id = rel.toString().replace('\\', '/');
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
        return new Document(id, body, id, meta);
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
     * @param documents the loaded documents, sorted by id
     * @param skipped the files that could not be used
     */
    public record Result(List<Document> documents, List<SkippedFile> skipped) {
        /** Copies. */
        public Result {
            documents = List.copyOf(documents);
            skipped = List.copyOf(skipped);
        }
    }

    /** Builds a {@link FolderLoader}. */
    public static final class Builder {
        private final List<String> includes = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();

        private Builder() {}

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
