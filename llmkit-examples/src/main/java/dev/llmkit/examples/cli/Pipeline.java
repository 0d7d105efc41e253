package dev.llmkit.examples.cli;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.rag.Bm25Retriever;
import dev.llmkit.rag.DenseRetriever;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.IngestProgress;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.IndexGenerations;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The on-disk pipeline the CLI runs: a Lucene index folder ({@code lucene/}) with its embedding cache beside it
 * ({@code embeddings.bin}), the embedded embedding model, and the default hybrid retriever.
 *
 * <p>Queries go through a <b>read-only</b> view of the index that takes no lock, so {@code ask} and {@code chat} keep
 * answering (from the last commit) while an {@code ingest} writes the same folder. {@link #ingest} opens the one writer
 * for the duration of the ingest, commits once, closes it and refreshes the read-only view.
 *
 * <p>Failures when opening, as {@link CliException}s: exit code 2 when the index path is a file, not a folder; exit
 * code 1 when the folder's index was never committed (its first ingest was interrupted or is still running) or holds
 * no documents. Both messages say to run {@code llmkit ingest}.
 */
final class Pipeline implements AutoCloseable {
    /** The embedding cache file in the index folder. */
    static final String CACHE_FILE = "embeddings.bin";

    final Path folder;
    final EmbeddingModel embeddings;
    /** The index's keyword role. */
    final KeywordIndex keywords;
    /** The index's document catalog. */
    final DocumentCatalog catalog;
    private final LongSupplier size;
    private final Ingest ingest;
    private final AutoCloseable resources;
    DenseRetriever dense;
    final Bm25Retriever bm25;
    HybridRetriever hybrid;

    /** How an index takes a folder of documents. */
    @FunctionalInterface
    interface Ingest {
        IngestReport run(Path docs, boolean replace, Consumer<IngestProgress> progress);
    }

    /**
     * A pipeline over {@code store}: {@code folder} holds the CLI's caches, {@code ingest} writes the store, and
     * closing the pipeline closes {@code resources}.
     */
    <S extends VectorStore & KeywordIndex & DocumentCatalog> Pipeline(Path folder, EmbeddingModel embeddings, S store,
            LongSupplier size, Ingest ingest, AutoCloseable resources) {
        this.folder = folder;
        this.embeddings = embeddings;
        this.keywords = store;
        this.catalog = store;
        this.size = size;
        this.ingest = ingest;
        this.resources = resources;
        this.dense = new DenseRetriever(store, embeddings);
        this.bm25 = new Bm25Retriever(store);
        this.hybrid = HybridRetriever.defaults(store, embeddings);
    }

    /** The local index in {@code folder}: queries through a read-only view, ingests through one writer. */
    private static Pipeline local(Path folder, EmbeddingModel embeddings) {
        LuceneIndex index = LuceneIndex.openReadOnly(lucene(folder), embeddings.info().model(), embeddings.dimension());
        Ingest ingest = (docs, replace, progress) -> {
            IngestReport report;
            try (LuceneIndex writer = LuceneIndex.open(lucene(folder), embeddings.info().model(),
                    embeddings.dimension());
                    EmbeddingCache cache = EmbeddingCache.open(folder.resolve(CACHE_FILE))) {
                report = Ingestor.builder(writer, embeddings).cache(cache).replaceAll(replace).progress(progress)
                        .build().ingest(docs);
            }
            index.refresh();
            return report;
        };
        return new Pipeline(folder, embeddings, index, index::size, ingest, index);
    }

    /** How many chunks the index holds. */
    long size() {
        return size.getAsLong();
    }

    /** Reports every search of the question-answering retrievers to {@code listener}. */
    void listen(dev.llmkit.api.event.RetrievalListener listener) {
        dense = dense.withListener(listener);
        hybrid = hybrid.withListener(listener);
    }

    /**
     * Opens the index in {@code folder} for questions, or an empty one (creating the folder) when it holds none yet,
     * for a first {@link #ingest}.
     *
     * @throws CliException (exit 2) when the path is a file; (exit 1) when the index was never committed or is empty
     */
    static Pipeline open(Path folder, EmbeddingModel embeddings) {
        requireFolderPath(folder);
        Path lucene = lucene(folder);
        if (Files.isDirectory(lucene)) {
            if (!LuceneIndex.exists(lucene)) {
                throw new CliException(1, "The index at " + folder + " has no committed documents: its first ingest"
                        + " was interrupted or is still running. Run: llmkit ingest <folder> --index " + folder);
            }
            Pipeline p = create(folder, embeddings);
            if (p.size() == 0) {
                p.close();
                throw new CliException(1, "The index at " + folder + " holds no documents. Add some with: llmkit ingest"
                        + " <folder> --index " + folder);
            }
            return p;
        }
        return create(folder, embeddings);
    }

    /**
     * The one writer of the index in {@code folder} (creating it), for callers that ingest file by file: close it to
     * let another ingest in.
     */
    static LuceneIndex openWriter(Path folder, EmbeddingModel embeddings) {
        requireFolderPath(folder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CliException(1, "Cannot create the index folder " + folder + ": " + e.getMessage());
        }
        return LuceneIndex.open(lucene(folder), embeddings.info().model(), embeddings.dimension());
    }

    /** Opens (or creates) the index in {@code folder} to ingest into it, whatever state a previous ingest left. */
    static Pipeline openForIngest(Path folder, EmbeddingModel embeddings) {
        requireFolderPath(folder);
        return create(folder, embeddings);
    }

    private static Pipeline create(Path folder, EmbeddingModel embeddings) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CliException(1, "Cannot create the index folder " + folder + ": " + e.getMessage());
        }
        return local(folder, embeddings);
    }

    /**
     * Whether {@code folder} holds an index (possibly one whose first ingest never committed).
     *
     * @throws CliException (exit 2) when the path is a file, not a folder
     */
    static boolean exists(Path folder) {
        requireFolderPath(folder);
        return Files.isDirectory(lucene(folder));
    }

    private static void requireFolderPath(Path folder) {
        for (Path p : new Path[] {folder, lucene(folder)}) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new CliException(2, "The index path " + p + " is a file, not a folder. Pass --index with a folder"
                        + " (it is created if absent).");
            }
        }
    }

    /** The index folder readers open: the current generation ({@link IndexGenerations}), or {@code lucene/}. */
    private static Path lucene(Path folder) {
        return IndexGenerations.at(folder).current();
    }

    /**
     * Builds the index of {@code docs} as a new generation beside the live one (any embedding model, any chunking),
     * then switches readers to it atomically; queries answer from the old generation until then.
     */
    static IngestReport rebuild(Path folder, EmbeddingModel embeddings, Path docs, Consumer<IngestProgress> progress) {
        requireFolderPath(folder);
        IngestReport[] report = new IngestReport[1];
        try (EmbeddingCache cache = EmbeddingCache.open(folder.resolve(CACHE_FILE))) {
            IndexGenerations.at(folder).rebuild(embeddings.info().model(), embeddings.dimension(), index ->
                    report[0] = Ingestor.builder(index, embeddings).cache(cache).progress(progress).build()
                            .ingest(docs));
        }
        return report[0];
    }

    /** Ingests {@code docs}, keeping documents of other folders. */
    IngestReport ingest(Path docs, Consumer<IngestProgress> progress) {
        return ingest(docs, false, progress);
    }

    /**
     * Ingests {@code docs} with the index's one writer, committing once; with {@code replace}, documents that did not
     * come from {@code docs} (other folders, the bundled docs) are removed.
     */
    IngestReport ingest(Path docs, boolean replace, Consumer<IngestProgress> progress) {
        return ingest.run(docs, replace, progress);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the index failed: " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path p) {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
