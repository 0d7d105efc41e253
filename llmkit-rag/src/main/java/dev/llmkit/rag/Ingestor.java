package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.rag.internal.Hashing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Loads, chunks, embeds and indexes documents.
 *
 * <p><b>Identity.</b> A folder's documents are identified by the folder's root (its absolute path, or a root the
 * caller chooses with {@link #ingest(Path, String)}) plus their relative path, so two folders never collide and
 * ingesting one folder never touches another's documents. Unchanged documents (same canonical content hash, stable
 * across JVMs) are skipped, changed ones replace their chunks, and with {@link Builder#deleteMissing(boolean)} (the
 * default) documents of <em>this folder</em> whose file is gone are removed; files that could not be read this time
 * are kept. {@link Builder#replaceAll(boolean)} also removes every document that did not come from this folder.
 *
 * <p><b>Speed.</b> The stored content hashes are read once; chunks are collected across documents into batches of
 * {@link Builder#batchSize(int)} texts, several embedded in parallel, through an {@link EmbeddingCache}; all writes are
 * buffered and the index is refreshed and committed once, at the end: an ingest that fails or is killed leaves the
 * previous commit intact. Progress is reported after every embedding batch.
 *
 * <p><b>Cache.</b> Without {@link Builder#cache(EmbeddingCache)}, an on-disk index gets a persisted cache in its
 * folder ({@value #DEFAULT_CACHE_FILE}), so an interrupted or repeated ingest after a restart does not re-embed; an
 * in-memory index gets a bounded in-memory cache that lives as long as the ingestor.
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
    /** Up to this many documents, a list ingest looks their stored hashes up one by one instead of walking all. */
    private static final int PER_ID_LOOKUPS = 1024;

    private final LuceneIndex index;
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
        this.index = b.index;
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

    /** Starts a builder for an index and the embedding model it was built with. */
    public static Builder builder(LuceneIndex index, EmbeddingModel embeddings) {
        return new Builder(index, embeddings);
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
            if (java.nio.file.Files.isDirectory(s.path())) {
                keep.add(id + "/"); // a prefix: everything indexed from an unreadable subfolder is kept
            }
        }
        String scope = replaceAll ? "" : deleteMissing ? loaded.root() + "/" : null;
        return run(loaded.documents(), loaded.skipped(), loaded.root() + "/", scope, keep);
    }

    /** Ingests documents by their ids (never deletes others). */
    public IngestReport ingest(List<Document> documents) {
        return run(documents, List.of(), "", null, Set.of());
    }

    private IngestReport run(List<Document> documents, List<SkippedFile> skipped, String hashPrefix,
            @Nullable String deleteScope, Set<String> keep) {
        EmbeddingCache c = cache;
        boolean ownFile = false;
        if (c == null) {
            Optional<Path> folder = index.folder();
            if (folder.isPresent()) {
                c = EmbeddingCache.open(folder.get().resolve(DEFAULT_CACHE_FILE));
                ownFile = true;
            } else {
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
        try {
            return new Run(c, pool, documents.size()).ingest(documents, skipped, hashPrefix, deleteScope, keep);
        } finally {
            pool.shutdownNow();
            if (ownFile) {
                c.close();
            }
        }
    }

    /** One ingest's state. */
    private final class Run {
        private final EmbeddingCache cache;
        private final ExecutorService pool;
        private final int documentsTotal;
        private final long start = nanoClock.getAsLong();
        private final int window = batchSize * parallelism * 4;
        private final List<Pending> pending = new ArrayList<>();
        private int pendingChunks;
        private int documentsDone;
        private int indexed;
        private long chunksDone;
        private long chunksKnown;
        private long charsChunked;
        private long charsTotal;
        private long chunksIndexed;
        private long fromCache;

        Run(EmbeddingCache cache, ExecutorService pool, int documentsTotal) {
            this.cache = cache;
            this.pool = pool;
            this.documentsTotal = documentsTotal;
        }

        IngestReport ingest(List<Document> documents, List<SkippedFile> skipped, String hashPrefix,
                @Nullable String deleteScope, Set<String> keep) {
            index.refresh();
            Map<String, String> known;
            if (hashPrefix.isEmpty() && documents.size() <= PER_ID_LOOKUPS) {
                // a few documents into a possibly large index: look their hashes up rather than walk every document
                known = new java.util.HashMap<>();
                for (Document doc : documents) {
                    index.documentHash(doc.id()).ifPresent(h -> known.put(doc.id(), h));
                }
            } else {
                known = index.documentHashes(hashPrefix);
            }
            List<Document> todo = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (Document doc : documents) {
                String hash = Hashing.contentHash(doc);
                if (hash.equals(known.get(doc.id()))) {
                    documentsDone++;
                } else {
                    todo.add(doc);
                    hashes.add(hash);
                    charsTotal += doc.text().length();
                }
            }
            int unchanged = documentsDone;
            report();
            for (int d = 0; d < todo.size(); d++) {
                Document doc = todo.get(d);
                List<Chunk> chunks = chunker.chunk(doc);
                charsChunked += doc.text().length();
                chunksKnown += chunks.size();
                pending.add(new Pending(doc, hashes.get(d), chunks, new float[chunks.size()][]));
                pendingChunks += chunks.size();
                if (pendingChunks >= window) {
                    flush();
                }
            }
            flush();
            int deleted = 0;
            if (deleteScope != null) {
                Set<String> gone = new HashSet<>(deleteScope.equals(hashPrefix) ? known.keySet()
                        : index.documentHashes(deleteScope).keySet());
                documents.forEach(doc -> gone.remove(doc.id()));
                gone.removeIf(id -> keep.contains(id) || keep.stream().anyMatch(k -> k.endsWith("/")
                        && id.startsWith(k)));
                index.deleteDocuments(gone);
                deleted = gone.size();
            }
            cache.flush();
            index.commit();
            return new IngestReport(indexed, unchanged, deleted, chunksIndexed, fromCache, skipped,
                    Duration.ofNanos(nanoClock.getAsLong() - start));
        }

        /** Embeds what the pending documents miss, in parallel batches, then writes them. */
        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<Slot> missing = new ArrayList<>();
            for (Pending p : pending) {
                for (int i = 0; i < p.chunks.size(); i++) {
                    float[] v = cache.get(EmbeddingCache.key(modelIdentity, p.chunks.get(i).text()));
                    if (v == null) {
                        missing.add(new Slot(p, i));
                    } else {
                        p.vectors[i] = v;
                        fromCache++;
                        chunksDone++;
                    }
                }
            }
            List<CompletableFuture<Integer>> batches = new ArrayList<>();
            for (int from = 0; from < missing.size(); from += batchSize) {
                List<Slot> batch = missing.subList(from, Math.min(missing.size(), from + batchSize));
                batches.add(CompletableFuture.supplyAsync(() -> embed(batch), pool));
            }
            for (CompletableFuture<Integer> batch : batches) {
                try {
                    chunksDone += batch.join();
                } catch (CompletionException e) {
                    batches.forEach(b -> b.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw e;
                }
                report();
            }
            for (Pending p : pending) {
                List<EmbeddedChunk> out = new ArrayList<>(p.chunks.size());
                for (int i = 0; i < p.chunks.size(); i++) {
                    out.add(new EmbeddedChunk(p.chunks.get(i), p.vectors[i]));
                }
                index.replaceDocument(p.doc.id(), p.hash, out);
                indexed++;
                chunksIndexed += out.size();
                documentsDone++;
            }
            pending.clear();
            pendingChunks = 0;
            report();
        }

        private int embed(List<Slot> batch) {
            List<String> texts = batch.stream().map(s -> s.pending.chunks.get(s.index).text()).toList();
            List<float[]> vs = embeddings.embedAll(texts);
            if (vs.size() != texts.size()) {
                throw new IllegalStateException("embedding model returned " + vs.size() + " vectors for "
                        + texts.size() + " texts");
            }
            for (int j = 0; j < batch.size(); j++) {
                batch.get(j).pending.vectors[batch.get(j).index] = vs.get(j);
                cache.put(EmbeddingCache.key(modelIdentity, texts.get(j)), vs.get(j));
            }
            return batch.size();
        }

        private void report() {
            Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
            double secs = elapsed.toNanos() / 1e9;
            long remainingChars = charsTotal - charsChunked;
            long total = chunksKnown + (charsChunked == 0 ? 0 : Math.round((double) remainingChars * chunksKnown
                    / charsChunked));
            double rate = secs <= 0 ? 0 : chunksDone / secs;
            Optional<Duration> eta;
            if (documentsDone == documentsTotal) {
                eta = Optional.of(Duration.ZERO);
            } else if (rate > 0 && charsChunked > 0) {
                eta = Optional.of(Duration.ofMillis(Math.round(1000.0 * Math.max(0, total - chunksDone) / rate)));
            } else {
                eta = Optional.empty();
            }
            progress.accept(new IngestProgress(documentsDone, documentsTotal, chunksDone, total, rate, elapsed, eta));
        }
    }

    private static final class Pending {
        final Document doc;
        final String hash;
        final List<Chunk> chunks;
        final float[][] vectors;

        Pending(Document doc, String hash, List<Chunk> chunks, float[][] vectors) {
            this.doc = doc;
            this.hash = hash;
            this.chunks = chunks;
            this.vectors = vectors;
        }
    }

    private record Slot(Pending pending, int index) {
    }

    /** Builds an {@link Ingestor}. */
    public static final class Builder {
        private final LuceneIndex index;
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

        private Builder(LuceneIndex index, EmbeddingModel embeddings) {
            this.index = Objects.requireNonNull(index, "index");
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
            if (embeddings.dimension() != index.dimension()) {
                throw new IllegalArgumentException("embedding model has " + embeddings.dimension()
                        + " dimensions, the index " + index.dimension());
            }
        }

        /** How documents are split; default {@link Chunker#defaults()}. */
        public Builder chunker(Chunker chunker) {
            this.chunker = Objects.requireNonNull(chunker, "chunker");
            return this;
        }

        /**
         * Where embeddings are remembered. Default: for an on-disk index, a persisted cache in the index folder
         * ({@value Ingestor#DEFAULT_CACHE_FILE}), opened and closed by each ingest; in memory otherwise. The caller
         * closes a cache it gives.
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
