package dev.llmkit.rag;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link FolderLoader} runs {@link DocumentParser}s: picking one by extension or content, and reading each file on
 * its own thread within the size, page and time limits, so that a failing, slow or misbehaving parser costs one
 * skipped file and never the load.
 */
final class Parsing {
    private static final Logger LOG = LoggerFactory.getLogger(Parsing.class);
    /** Abandoned parse threads still running in this JVM beyond which no further file is parsed. */
    static final int MAX_STUCK_PARSES = 4;
    private static final AtomicInteger STUCK_PARSES = new AtomicInteger();
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final Map<String, DocumentParser> byExtension;
    private final long maxParsedBytes;
    private final int maxPages;
    private final Duration parseTimeout;

    Parsing(List<DocumentParser> parsers, long maxParsedBytes, int maxPages, Duration parseTimeout) {
        Map<String, DocumentParser> byExt = new LinkedHashMap<>();
        for (DocumentParser p : parsers) {
            for (String ext : p.extensions()) {
                byExt.putIfAbsent(ext.toLowerCase(Locale.ROOT), p);
            }
        }
        this.byExtension = Collections.unmodifiableMap(byExt);
        this.maxParsedBytes = maxParsedBytes;
        this.maxPages = maxPages;
        this.parseTimeout = parseTimeout;
    }

    /** The parser for a lower-case extension, or null. */
    @Nullable DocumentParser forExtension(String ext) {
        return byExtension.get(ext);
    }

    /** The extensions some parser reads. */
    Set<String> extensions() {
        return byExtension.keySet();
    }

    /** Reads one file with {@code parser}, within the size, page and time limits; a failure is a skipped file. */
    void parse(DocumentParser parser, Path file, Path rel, String root, List<Document> docs,
            List<SkippedFile> skipped) {
        if (Thread.currentThread().isInterrupted()) {
            skipped.add(new SkippedFile(file, "not parsed: the load was interrupted"));
            return;
        }
        if (STUCK_PARSES.get() >= MAX_STUCK_PARSES) {
            skipped.add(new SkippedFile(file, "not parsed: " + STUCK_PARSES.get() + " earlier files are still stuck in"
                    + " parsers that ignored their time limit"));
            return;
        }
        try {
            if (Files.size(file) > maxParsedBytes) {
                skipped.add(new SkippedFile(file, "larger than " + maxParsedBytes + " bytes"));
                return;
            }
        } catch (IOException | SecurityException e) {
            skipped.add(new SkippedFile(file, "unreadable: " + e.getMessage()));
            return;
        }
        String source = rel.toString().replace('\\', '/');
        FutureTask<List<Document>> task = new FutureTask<>(
                () -> parser.parse(file, source, root + "/", maxPages));
        AtomicInteger state = new AtomicInteger(RUNNING);
        Thread worker = new Thread(() -> {
            try {
                task.run();
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    STUCK_PARSES.decrementAndGet(); // it was counted as stuck; it has returned at last
                }
            }
        }, "llmkit-parse");
        worker.setDaemon(true);
        worker.start();
        try {
            List<Document> parsed = task.get(parseTimeout.toMillis(), TimeUnit.MILLISECONDS);
            String broken = brokenContract(parsed, root, source);
            if (broken != null) {
                skipped.add(new SkippedFile(file, "parser " + parser + " broke its contract: " + broken));
                return;
            }
            docs.addAll(parsed);
        } catch (TimeoutException e) {
            task.cancel(true);
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                STUCK_PARSES.incrementAndGet(); // until its thread returns; too many stop further parsing
            }
            skipped.add(new SkippedFile(file, "took longer than " + parseTimeout.toSeconds() + " s to parse"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DocumentParser.PartlyRead partly) {
                String broken = brokenContract(partly.documents(), root, source);
                if (broken != null) {
                    skipped.add(new SkippedFile(file, "parser " + parser + " broke its contract: " + broken));
                    return;
                }
                docs.addAll(partly.documents());
                skipped.add(new SkippedFile(file, "read in part: " + partly.getMessage()));
                return;
            }
            skipped.add(new SkippedFile(file, cause instanceof DocumentParser.Unreadable u ? u.getMessage()
                    : "cannot be parsed: " + cause));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            skipped.add(new SkippedFile(file, "parsing was interrupted"));
        }
    }

    /** Parse threads abandoned at their time limit that have not returned yet, in this JVM. */
    static int stuckParses() {
        return STUCK_PARSES.get();
    }

    /** What is wrong with a parser's documents (null, a source or id outside the file's), or null when nothing. */
    private static @Nullable String brokenContract(@Nullable List<Document> parsed, String root, String source) {
        if (parsed == null) {
            return "it returned null";
        }
        for (Document d : parsed) {
            if (d == null) {
                return "it returned a null document";
            }
            if (!d.source().startsWith(source) || !d.id().equals(root + "/" + d.source())) {
                return "document id '" + d.id() + "' with source '" + d.source() + "'; a source must start with '"
                        + source + "' and an id be the folder's root, '/' and the source";
            }
        }
        return null;
    }

    /** The parsers {@code ServiceLoader} finds; one that fails to load is logged and left out, never fatal. */
    static List<DocumentParser> discovered() {
        List<DocumentParser> found = new ArrayList<>();
        var it = ServiceLoader.load(DocumentParser.class, FolderLoader.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("A document parser could not be loaded and is left out: {}", e.getMessage());
            }
        }
    }

    /** The first parser that recognizes {@code file} by its first bytes, or null (also when it cannot be read). */
    @Nullable DocumentParser byContent(Path file) {
        if (byExtension.isEmpty()) {
            return null;
        }
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (IOException | SecurityException e) {
            return null; // not claimed by any parser; the file is not ours to report
        }
        for (DocumentParser p : new LinkedHashSet<>(byExtension.values())) {
            try {
                if (p.recognizes(file, head)) {
                    return p;
                }
            } catch (RuntimeException e) {
                // a parser that cannot tell does not claim the file; the others still may
                LOG.debug("{} failed to recognise {}: {}", p, file, e.toString());
            }
        }
        return null;
    }
}
