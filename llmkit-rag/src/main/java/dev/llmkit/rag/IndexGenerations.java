package dev.llmkit.rag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-downtime re-indexing of the local index: a folder of index generations ({@code lucene-g1}, {@code lucene-g2},
 * ...) and a {@code CURRENT} file naming the one readers open. {@link #rebuild} builds the next generation to the
 * end, commits it, then switches {@code CURRENT} with one atomic rename; a reader that opens the index before the
 * switch gets the old generation, one that opens it after gets the new one, and none ever opens a half-built one. The
 * generation before the current one is kept, so a reader that read {@code CURRENT} just before a switch can still
 * open it; older ones are deleted.
 *
 * <pre>{@code
 * IndexGenerations generations = IndexGenerations.at(Path.of("index"));
 * // a new embedding model or chunker: build everything again beside the live index, then switch
 * generations.rebuild("all-MiniLM-L6-v2-q", 384, index ->
 *         Ingestor.builder(index, minilm).build().ingest(Path.of("docs")));
 * try (LuceneIndex reader = generations.openReadOnly("all-MiniLM-L6-v2-q", 384)) { ... }
 * }</pre>
 *
 * <p>A folder made before generations existed (its index in {@code lucene/}, no {@code CURRENT}) is read as
 * generation 0; it stays as the previous generation after the first rebuild and goes with the second. Long-lived
 * readers in one process follow switches with {@link LiveIndex}. Of two rebuilds of one folder at once, the second to
 * create its generation folder fails at once and leaves the first alone; incremental ingests during a rebuild go to
 * the old generation and are not carried over. Thread-safe.
 */
public final class IndexGenerations {
    private static final Logger LOG = LoggerFactory.getLogger(IndexGenerations.class);
    /** The file naming the current generation's folder. */
    public static final String CURRENT = "CURRENT";
    /** The index folder of a folder made before generations. */
    public static final String LEGACY = "lucene";
    private static final Pattern GENERATION = Pattern.compile("lucene-g(\\d+)");

    private final Path root;

    private IndexGenerations(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The generations in {@code root} (which need not exist yet). */
    public static IndexGenerations at(Path root) {
        return new IndexGenerations(root);
    }

    /** The folder holding the generations. */
    public Path root() {
        return root;
    }

    /**
     * The index folder readers should open: the one {@code CURRENT} names, else the legacy {@code lucene/} folder
     * (which may not exist yet).
     *
     * @throws UncheckedIOException when {@code CURRENT} cannot be read or names something other than a generation
     */
    public Path current() {
        Path pointer = root.resolve(CURRENT);
        if (!Files.exists(pointer)) {
            return root.resolve(LEGACY);
        }
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            if (!GENERATION.matcher(name).matches()) {
                throw new UncheckedIOException(new IOException(pointer + " names '" + name + "', not an index "
                        + "generation such as lucene-g1; delete the file to fall back to " + LEGACY + "/"));
            }
            return root.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    /** The current generation's number: 0 for the legacy folder. */
    public int currentGeneration() {
        Matcher m = GENERATION.matcher(current().getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Opens the current generation for queries ({@link LuceneIndex#openReadOnly}). */
    public LuceneIndex openReadOnly(String embeddingModel, int dimension) {
        return LuceneIndex.openReadOnly(current(), embeddingModel, dimension);
    }

    /**
     * Builds the next generation: opens an empty index in a new folder, hands it to {@code fill}, commits it, then
     * atomically makes it current and deletes the generations before the previous one. When {@code fill} throws, the
     * new folder is deleted and the current generation stays. Returns the new generation's folder.
     *
     * @throws UncheckedIOException when a folder cannot be written or the switch fails (the current generation then
     *     stays)
     */
    public Path rebuild(String embeddingModel, int dimension, Consumer<LuceneIndex> fill) {
        Objects.requireNonNull(fill, "fill");
        int next = Math.max(currentGeneration(), highestGeneration()) + 1;
        Path folder = root.resolve("lucene-g" + next);
        try {
            Files.createDirectories(root);
            Files.createDirectory(folder); // atomic: a concurrent rebuild that picked the same number fails here
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UncheckedIOException(new IOException(folder + " exists already: another rebuild is running or "
                    + "one was killed; delete the folder if no rebuild is running", e));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder + ": " + e.getMessage(), e);
        }
        try (LuceneIndex index = LuceneIndex.open(folder, embeddingModel, dimension)) {
            fill.accept(index);
            index.commit();
        } catch (RuntimeException | Error e) {
            try {
                deleteTree(folder); // this call created it, so no other rebuild is using it
            } catch (UncheckedIOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        int previous = currentGeneration();
        switchTo(folder);
        LOG.info("index generation {} is current in {}", next, root);
        deleteBefore(previous);
        return folder;
    }

    private void switchTo(Path folder) {
        Path pointer = root.resolve(CURRENT);
        Path tmp = root.resolve(CURRENT + ".tmp");
        try {
            Files.writeString(tmp, folder.getFileName() + "\n", StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically, so readers could see no index", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot switch " + pointer + " to " + folder.getFileName() + ": "
                    + e.getMessage() + "; the previous generation stays current", e);
        }
    }

    /** Deletes generations numbered below {@code keep} and the legacy folder once generations exist. */
    private void deleteBefore(int keep) {
        for (Path old : generations()) {
            Matcher m = GENERATION.matcher(old.getFileName().toString());
            int n = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            if (n < keep) {
                try {
                    deleteTree(old);
                } catch (UncheckedIOException e) {
                    // a reader on another OS may still hold files; the next rebuild tries again
                    LOG.warn("could not delete the old index generation {}: {}", old, e.getMessage());
                }
            }
        }
    }

    private int highestGeneration() {
        int max = 0;
        for (Path p : generations()) {
            Matcher m = GENERATION.matcher(p.getFileName().toString());
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max;
    }

    /** The generation folders (and the legacy folder) in {@code root}. */
    List<Path> generations() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> list = Files.list(root)) {
            list.filter(Files::isDirectory).filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(LEGACY) || GENERATION.matcher(name).matches();
            }).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    /** The folder the current generation lives in, if any generation or the legacy folder exists. */
    public Optional<Path> existing() {
        Path c = current();
        return Files.isDirectory(c) ? Optional.of(c) : Optional.empty();
    }

    @Override
    public String toString() {
        return "IndexGenerations[" + root + "]";
    }
}
