package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.VectorStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, chunks, embeds and indexes documents into any store that plays the {@link VectorStore} and
 * {@link DocumentCatalog} roles: the {@link LuceneIndex}, or another store (SolrCloud, pgvector, the in-memory store of
 * {@code llmkit-testing}) as a drop-in.
 *
 * <p><b>Identity.</b> A folder's documents are identified by the folder's root (its absolute path, or a root the
 * caller chooses with {@link #ingest(Path, String)}) plus their relative path, so two folders never collide and
 * ingesting one folder never touches another's documents. Unchanged documents (same canonical content hash, stable
 * across JVMs) are skipped, changed ones replace their chunks, and with {@link Builder#deleteMissing(boolean)} (the
 * default) documents of <em>this folder</em> whose file is gone are removed; files that could not be read this time
 * are kept. {@link Builder#replaceAll(boolean)} also removes every document that did not come from this folder.
 *
 * <p><b>Speed.</b> The stored content hashes are read once; chunks are collected across documents into batches of
 * {@link Builder#batchSize(int)} texts, several embedded in parallel, through an {@link EmbeddingCache}; documents are
 * written with {@link DocumentCatalog#replaceDocument} and the store is flushed ({@link VectorStore#flush()}, a commit
 * for the Lucene index) once, at the end: an ingest that fails or is killed leaves the previous flush intact, and one
 * that fails rolls the store back ({@link DocumentCatalog#rollback()}), discarding its writes, so a later flush
 * publishes none of them. The rollback also discards other writes made to the store since its last flush: flush them
 * before ingesting. Progress is reported after every embedding batch.
 *
 * <p><b>Cache.</b> Without {@link Builder#cache(EmbeddingCache)}, an on-disk {@link LuceneIndex} gets a persisted cache
 * in its folder ({@value #DEFAULT_CACHE_FILE}), so an interrupted or repeated ingest after a restart does not re-embed;
 * any other store gets a bounded in-memory cache that lives as long as the ingestor. When another open cache holds that
 * file (e.g. a concurrent ingest), the run caches in memory only and logs a WARN.
 *
 * <pre>{@code
 * IngestReport report = Ingestor.builder(index, embeddings).build().ingest(Path.of("docs"));
 * }</pre>
 */
public final class Ingestor {
    /** Default texts per embedding call. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** The file, in an on-disk index's folder, of the embedding cache used when none is given. */
    public static final String DEFAULT_CACHE_FILE = "llmkit-embeddings.cache";
    /** How long a failed ingest waits for its embedding batches still in flight before it rethrows. */
    public static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

    private final VectorStore store;
    private final DocumentCatalog catalog;
    private final EmbeddingModel embeddings;
    private final Chunker chunker;
    private final @Nullable EmbeddingCache cache;
    private @Nullable EmbeddingCache ownMemoryCache;
    private final FolderLoader loader;
    private final int batchSize;
    private final int parallelism;
    private final boolean deleteMissing;
    private final boolean replaceAll;
    private final String modelIdentity;
    private final Consumer<IngestProgress> progress;
    private final LongSupplier nanoClock;

    private Ingestor(Builder b) {
        this.store = b.store;
        this.catalog = b.catalog;
        this.embeddings = b.embeddings;
        this.chunker = b.chunker;
        this.cache = b.cache;
        this.loader = b.loader;
        this.batchSize = b.batchSize;
        this.parallelism = b.parallelism;
        this.deleteMissing = b.deleteMissing;
        this.replaceAll = b.replaceAll;
        this.modelIdentity = b.modelIdentity != null ? b.modelIdentity : EmbeddingCache.identity(b.embeddings);
        this.progress = b.progress;
        this.nanoClock = b.nanoClock;
    }

    /**
     * Starts a builder for a store and the embedding model its vectors come from. The store plays both the
     * {@link VectorStore} and the {@link DocumentCatalog} role ({@link LuceneIndex} does).
     *
     * @param <S> the store's type
     * @throws IllegalArgumentException when the store is a {@link LuceneIndex} opened read-only, or of another
     *     dimension than the model
     */
    public static <S extends VectorStore & DocumentCatalog> Builder builder(S store, EmbeddingModel embeddings) {
        return new Builder(store, store, embeddings);
    }

    /**
     * Ingests every supported file under {@code folder}, identified under the folder's absolute path
     * ({@link FolderLoader#rootOf(Path)}); files and subfolders that cannot be read are reported, not fatal.
     */
    public IngestReport ingest(Path folder) {
        return ingest(folder, FolderLoader.rootOf(folder));
    }

    /**
     * Ingests every supported file under {@code folder}, identified under {@code root} (e.g. {@code "handbook"}, stable
     * if the folder moves); removals apply only to documents under this root, unless {@link Builder#replaceAll}.
     */
    public IngestReport ingest(Path folder, String root) {
        FolderLoader.Result loaded = loader.load(folder, root);
        Set<String> keep = new HashSet<>();
        loaded.documents().forEach(d -> keep.add(d.id()));
        for (SkippedFile s : loaded.skipped()) {
            String id = FolderLoader.documentId(loaded.root(), folder, s.path());
            keep.add(id);
            keep.add(id + " "); // a prefix: the pages, slides or chapters a parser indexed from this file are kept
            if (java.nio.file.Files.isDirectory(s.path())) {
                keep.add(id + "/"); // a prefix: everything indexed from an unreadable subfolder is kept
            }
        }
        String scope = replaceAll ? "" : deleteMissing ? loaded.root() + "/" : null;
        String exactRoot = replaceAll ? null : loaded.root();
        return run(loaded.documents(), loaded.skipped(), loaded.root() + "/", scope, exactRoot, keep);
    }

    /** Ingests documents by their ids (never deletes others). */
    public IngestReport ingest(List<Document> documents) {
        return run(documents, List.of(), "", null, null, Set.of());
    }

    private IngestReport run(List<Document> documents, List<SkippedFile> skipped, String hashPrefix,
            @Nullable String deleteScope, @Nullable String deleteRoot, Set<String> keep) {
        EmbeddingCache c = cache;
        boolean ownFile = false;
        if (c == null) {
            Optional<Path> folder = store instanceof LuceneIndex lucene ? lucene.folder() : Optional.empty();
            if (folder.isPresent()) {
                c = openOwnCache(folder.get().resolve(DEFAULT_CACHE_FILE));
                ownFile = c != null;
            }
            if (c == null) {
                synchronized (this) {
                    if (ownMemoryCache == null) {
                        ownMemoryCache = EmbeddingCache.inMemory();
                    }
                    c = ownMemoryCache;
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "llmkit-embed");
            t.setDaemon(true);
            return t;
        });
        IngestReport report;
        try {
            report = new IngestRun(store, catalog, embeddings, chunker, modelIdentity, batchSize, parallelism, progress,
                    nanoClock, c, pool, documents.size()).ingest(documents, skipped, hashPrefix, deleteScope, deleteRoot,
                    keep);
        } catch (RuntimeException | Error e) {
            awaitBatches(pool);
            discardWrites(e);
            if (ownFile) {
                closeAfterFailure(c, e);
            }
            throw e;
        }
        pool.shutdown();
        if (ownFile) {
            c.close();
        }
        return report;
    }

    /** The persisted cache of the index folder, or null (with a WARN) when another open cache holds the file. */
    private static @Nullable EmbeddingCache openOwnCache(Path file) {
        try {
            return EmbeddingCache.open(file);
        } catch (EmbeddingCacheInUseException e) {
            LOG.warn("The embedding cache {} is in use by another ingest; this one caches in memory only", file);
            return null;
        }
    }

    /**
     * Lets the embedding batches still in flight after a failure finish (for at most {@link #IN_FLIGHT_WAIT}) rather
     * than interrupting them: an interrupt inside a cache write would close the persisted cache's file.
     */
    private static void awaitBatches(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(IN_FLIGHT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Embedding batches still running {} after the ingest failed; leaving them to finish in the"
                        + " background", IN_FLIGHT_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeAfterFailure(EmbeddingCache cache, Throwable failure) {
        try {
            cache.close();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }

    /** Rolls the store back to its last flush after a failed run, so no later flush publishes part of it. */
    private void discardWrites(Throwable failure) {
        try {
            catalog.rollback();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }

    /** Builds an {@link Ingestor}. */
    public static final class Builder {
        private final VectorStore store;
        private final DocumentCatalog catalog;
        private final EmbeddingModel embeddings;
        private Chunker chunker = Chunker.defaults();
        private @Nullable EmbeddingCache cache;
        private FolderLoader loader = FolderLoader.create();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private boolean deleteMissing = true;
        private boolean replaceAll;
        private @Nullable String modelIdentity;
        private LongSupplier nanoClock = System::nanoTime;
        private Consumer<IngestProgress> progress = p -> { };

        private Builder(VectorStore store, DocumentCatalog catalog, EmbeddingModel embeddings) {
            this.store = Objects.requireNonNull(store, "store");
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
            if (store instanceof LuceneIndex index) {
                if (index.readOnly()) {
                    throw new IllegalArgumentException("The index " + index + " was opened read-only; open it with"
                            + " LuceneIndex.open to ingest into it");
                }
                if (embeddings.dimension() != index.dimension()) {
                    throw new IllegalArgumentException("embedding model has " + embeddings.dimension()
                            + " dimensions, the index " + index.dimension());
                }
            }
        }

        /** How documents are split; default {@link Chunker#defaults()}. */
        public Builder chunker(Chunker chunker) {
            this.chunker = Objects.requireNonNull(chunker, "chunker");
            return this;
        }

        /**
         * Where embeddings are remembered. Default: for an on-disk {@link LuceneIndex}, a persisted cache in the index
         * folder ({@value Ingestor#DEFAULT_CACHE_FILE}), opened and closed by each ingest; in memory otherwise. The
         * caller closes a cache it gives.
         */
        public Builder cache(EmbeddingCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Which files a folder ingest reads; default every supported file. */
        public Builder loader(FolderLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Texts per embedding call; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Embedding batches in flight at once; default half the cores, at least 1. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Whether a folder ingest removes indexed documents of <em>that folder</em> whose file is gone (files that
         * could not be read this time are kept); default true. Documents of other folders are never touched.
         */
        public Builder deleteMissing(boolean deleteMissing) {
            this.deleteMissing = deleteMissing;
            return this;
        }

        /**
         * Whether a folder ingest makes the index hold that folder only, removing every document that did not come
         * from it (other folders' documents included); default false.
         */
        public Builder replaceAll(boolean replaceAll) {
            this.replaceAll = replaceAll;
            return this;
        }

        /**
         * The embedding model's identity in cache keys; it must change whenever the vectors would (name, revision,
         * dimension, options). Default {@link EmbeddingCache#identity(EmbeddingModel)}.
         */
        public Builder modelIdentity(String modelIdentity) {
            Objects.requireNonNull(modelIdentity, "modelIdentity");
            if (modelIdentity.isBlank()) {
                throw new IllegalArgumentException("modelIdentity must not be blank");
            }
            this.modelIdentity = modelIdentity;
            return this;
        }

        /** Test seam: the clock progress and the report are measured with. */
        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /** Called after every embedding batch and every written group of documents, with the progress so far. */
        public Builder progress(Consumer<IngestProgress> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Builds the ingestor. */
        public Ingestor build() {
            return new Ingestor(this);
        }
    }
}
