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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Loads, chunks, embeds and indexes documents. Unchanged documents (same content hash) are skipped, changed ones
 * replace their chunks, and with {@link Builder#deleteMissing(boolean)} documents whose file is gone are removed.
 * Embedding runs in batches, several in parallel, through an {@link EmbeddingCache}, so an interrupted ingest
 * resumes without re-embedding. The index is committed once, at the end: an ingest that fails or is killed leaves
 * the previous commit intact.
 *
 * <pre>{@code
 * IngestReport report = Ingestor.builder(index, embeddings).cache(cache).build().ingest(Path.of("docs"));
 * }</pre>
 */
public final class Ingestor {
    /** Default texts per embedding call. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private final LuceneIndex index;
    private final EmbeddingModel embeddings;
    private final Chunker chunker;
    private final EmbeddingCache cache;
    private final FolderLoader loader;
    private final int batchSize;
    private final int parallelism;
    private final boolean deleteMissing;
    private final Consumer<IngestProgress> progress;

    private Ingestor(Builder b) {
        this.index = b.index;
        this.embeddings = b.embeddings;
        this.chunker = b.chunker;
        this.cache = b.cache;
        this.loader = b.loader;
        this.batchSize = b.batchSize;
        this.parallelism = b.parallelism;
        this.deleteMissing = b.deleteMissing;
        this.progress = b.progress;
    }

    /** Starts a builder for an index and the embedding model it was built with. */
    public static Builder builder(LuceneIndex index, EmbeddingModel embeddings) {
        return new Builder(index, embeddings);
    }

    /** Ingests every supported file under {@code folder}; files that cannot be read are reported, not fatal. */
    public IngestReport ingest(Path folder) {
        FolderLoader.Result loaded = loader.load(folder);
        return ingest(loaded.documents(), loaded.skipped(), deleteMissing);
    }

    /** Ingests documents (never deletes others). */
    public IngestReport ingest(List<Document> documents) {
        return ingest(documents, List.of(), false);
    }

    private IngestReport ingest(List<Document> documents, List<SkippedFile> skipped, boolean deleteOthers) {
        long start = System.nanoTime();
        int indexed = 0;
        int unchanged = 0;
        long chunksIndexed = 0;
        long fromCache = 0;
        long embedded = 0;
        String model = embeddings.info().model();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "llmkit-embed");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int d = 0; d < documents.size(); d++) {
                Document doc = documents.get(d);
                String hash = Hashing.sha256(doc.text() + "\u0000" + doc.metadata());
                if (index.documentHash(doc.id()).filter(hash::equals).isPresent()) {
                    unchanged++;
                } else {
                    List<Chunk> chunks = chunker.chunk(doc);
                    float[][] vectors = new float[chunks.size()][];
                    List<Integer> missing = new ArrayList<>();
                    for (int i = 0; i < chunks.size(); i++) {
                        vectors[i] = cache.get(EmbeddingCache.key(model, chunks.get(i).text()));
                        if (vectors[i] == null) {
                            missing.add(i);
                        } else {
                            fromCache++;
                        }
                    }
                    embed(chunks, missing, vectors, model, pool);
                    List<EmbeddedChunk> out = new ArrayList<>(chunks.size());
                    for (int i = 0; i < chunks.size(); i++) {
                        out.add(new EmbeddedChunk(chunks.get(i), vectors[i]));
                    }
                    index.replaceDocument(doc.id(), hash, out);
                    indexed++;
                    chunksIndexed += chunks.size();
                    embedded += chunks.size();
                }
                report(d + 1, documents.size(), embedded, start);
            }
            int deleted = 0;
            if (deleteOthers) {
                Set<String> keep = new HashSet<>();
                documents.forEach(doc -> keep.add(doc.id()));
                for (String id : index.documentIds()) {
                    if (!keep.contains(id)) {
                        index.deleteDocument(id);
                        deleted++;
                    }
                }
            }
            cache.flush();
            index.commit();
            return new IngestReport(indexed, unchanged, deleted, chunksIndexed, fromCache, skipped,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    private void embed(List<Chunk> chunks, List<Integer> missing, float[][] vectors, String model, ExecutorService pool) {
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        for (int from = 0; from < missing.size(); from += batchSize) {
            List<Integer> batch = missing.subList(from, Math.min(missing.size(), from + batchSize));
            batches.add(CompletableFuture.runAsync(() -> {
                List<String> texts = batch.stream().map(i -> chunks.get(i).text()).toList();
                List<float[]> vs = embeddings.embedAll(texts);
                if (vs.size() != texts.size()) {
                    throw new IllegalStateException("embedding model returned " + vs.size() + " vectors for "
                            + texts.size() + " texts");
                }
                for (int j = 0; j < batch.size(); j++) {
                    vectors[batch.get(j)] = vs.get(j);
                    cache.put(EmbeddingCache.key(model, texts.get(j)), vs.get(j));
                }
            }, pool));
        }
        try {
            CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private void report(int done, int total, long chunks, long start) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        double secs = Math.max(1e-9, elapsed.toNanos() / 1e9);
        Optional<Duration> eta = done == 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis((long) (elapsed.toMillis() * (double) (total - done) / done)));
        progress.accept(new IngestProgress(done, total, chunks, chunks / secs, elapsed, eta));
    }

    /** Builds an {@link Ingestor}. */
    public static final class Builder {
        private final LuceneIndex index;
        private final EmbeddingModel embeddings;
        private Chunker chunker = Chunker.defaults();
        private EmbeddingCache cache = EmbeddingCache.inMemory();
        private FolderLoader loader = FolderLoader.create();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private boolean deleteMissing = true;
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

        /** Where embeddings are remembered; default in memory. */
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

        /** Whether a folder ingest removes indexed documents whose file is gone; default true. */
        public Builder deleteMissing(boolean deleteMissing) {
            this.deleteMissing = deleteMissing;
            return this;
        }

        /** Called after each document with the progress so far. */
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
