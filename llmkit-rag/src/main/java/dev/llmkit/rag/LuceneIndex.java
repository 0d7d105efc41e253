package dev.llmkit.rag;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.rag.internal.IndexSchema;
import dev.llmkit.rag.internal.IndexSearch;
import dev.llmkit.rag.internal.IndexWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lucene index holding, per chunk, its text analysed for BM25 (English analyzer), its embedding as an HNSW
 * {@link KnnFloatVectorField} (cosine), and stored fields for the chunk and its metadata. In memory or on disk.
 *
 * <p><b>Writers and readers.</b> {@link #open(Path, String, int)} opens the one writer of a folder: it takes the
 * folder's write lock, so a second writer (in this or another process) fails with "in use by another process".
 * {@link #openReadOnly(Path, String, int)} opens a reader that takes no lock: any number of them, in any process,
 * answer queries while the writer ingests, and see its work after the writer's {@link #commit()} and their own
 * {@link #refresh()}. Write methods of a read-only index throw {@link IllegalStateException}.
 *
 * <p><b>Visibility and durability.</b> {@link #replaceDocument} and {@link #deleteDocuments} are buffered: searches of
 * this instance see them after {@link #refresh()} or {@link #commit()}, so a bulk load makes a few large segments and
 * queries never wait for a refresh. {@link #upsert} and {@link #deleteDocument} (the {@link VectorStore} calls) refresh
 * once per call. Writes become durable only at {@link #commit()}; {@link #close()} does <b>not</b> commit: it discards
 * what was written since the last commit (logging a warning when it does), so an interrupted ingest leaves the
 * previous commit as it was. {@code close()} always releases the write lock, even when a step of it fails.
 *
 * <p><b>Roles.</b> It is the embedded implementation of all three store roles: {@link VectorStore} (its
 * {@link #flush()} is {@link #commit()}), {@link KeywordIndex} (BM25) and {@link DocumentCatalog} (content hashes per
 * document, {@link #rollback()}); retrievers and the {@link Ingestor} take the roles, so another store is a drop-in.
 *
 * <p>The index records the embedding model and dimension it was built with and refuses to open with another.
 * Thread-safe: writes and searches may run concurrently.
 *
 * <pre>{@code
 * try (LuceneIndex index = LuceneIndex.open(Path.of("index"), "bge-small-en-v1.5-q", 384)) {
 *     index.replaceDocument("/docs/a.md", hash, embeddedChunks);
 *     index.commit();
 * }
 * try (LuceneIndex reader = LuceneIndex.openReadOnly(Path.of("index"), "bge-small-en-v1.5-q", 384)) {
 *     List<ScoredChunk> hits = reader.searchText("circuit breaker", 10, MetadataFilter.ALL);
 * }
 * }</pre>
 */
public final class LuceneIndex implements VectorStore, KeywordIndex, DocumentCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);
    /** The fewest nearest-neighbour candidates a vector search explores. */
    public static final int MIN_KNN_CANDIDATES = 100;

    private final Directory directory;
    private volatile @Nullable IndexWrites writes;
    private final boolean readOnly;
    private final Analyzer analyzer;
    private final IndexSearch search;
    private final String embeddingModel;
    private final int dimension;
    private final String location;
    private final @Nullable Path folder;

    private LuceneIndex(Directory directory, String location, @Nullable Path folder, String embeddingModel,
            int dimension, boolean readOnly) throws IOException {
        if (dimension < 1 || dimension > 4096) {
            throw new IllegalArgumentException("dimension must be between 1 and 4096, got " + dimension);
        }
        this.directory = directory;
        this.location = location;
        this.folder = folder;
        this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
        this.dimension = dimension;
        this.readOnly = readOnly;
        this.analyzer = new EnglishAnalyzer();
        boolean exists = DirectoryReader.indexExists(directory);
        if (exists) {
            IndexSchema.checkCommit(directory, location, embeddingModel, dimension);
        }
        if (readOnly) {
            this.writes = null;
            this.search = newSearch(exists ? new SearcherManager(directory, null) : null, analyzer);
            return;
        }
        IndexWrites w = IndexWrites.open(directory, analyzer, dimension);
        try {
            this.search = newSearch(w.newSearcherManager(), analyzer);
        } catch (IOException | RuntimeException e) {
            w.rollback();
            throw e;
        }
        this.writes = w;
    }

    private IndexSearch newSearch(@Nullable SearcherManager searchers, Analyzer analyzer) {
        return new IndexSearch(searchers, directory, location, embeddingModel, dimension, MIN_KNN_CANDIDATES, analyzer);
    }

    /** A new index in memory. */
    public static LuceneIndex inMemory(String embeddingModel, int dimension) {
        return open(new ByteBuffersDirectory(), embeddingModel, dimension);
    }

    /** An index over any Lucene directory (tests wrap directories to inject failures). */
    static LuceneIndex open(Directory directory, String embeddingModel, int dimension) {
        try {
            return new LuceneIndex(directory, directory.toString(), null, embeddingModel, dimension, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the index in {@code folder} for writing, creating it if absent. Only one writer may hold a folder at a
     * time; use {@link #openReadOnly} for queries.
     *
     * @throws ConfigurationException when the index was built with another embedding model or dimension, by an older
     *     llmkit, or when {@code folder} is a file
     * @throws UncheckedIOException when the folder cannot be opened (e.g. another process is writing it)
     */
    public static LuceneIndex open(Path folder, String embeddingModel, int dimension) {
        requireNotAFile(folder);
        try {
            return openOwned(FSDirectory.open(folder), folder.toString(), folder, embeddingModel, dimension, false);
        } catch (LockObtainFailedException e) {
            throw new UncheckedIOException("The index at " + folder + " is in use by another process (another ingest is"
                    + " writing it). Wait for it to finish; queries can use LuceneIndex.openReadOnly meanwhile.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the index at " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the index in {@code folder} for queries only: no write lock is taken, so it may be opened while a writer
     * (in this or another process) ingests. It serves the last commit as of opening or of the latest
     * {@link #refresh()}; before the first commit it is empty. Write methods throw {@link IllegalStateException}.
     *
     * @throws ConfigurationException when the index was built with another embedding model or dimension, by an older
     *     llmkit, or when {@code folder} is a file
     * @throws UncheckedIOException when the folder cannot be read
     */
    public static LuceneIndex openReadOnly(Path folder, String embeddingModel, int dimension) {
        requireNotAFile(folder);
        try {
            return openOwned(FSDirectory.open(folder), folder.toString(), folder, embeddingModel, dimension, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the index at " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * An index over a directory it owns: when opening fails (another model, the write lock taken, a broken commit),
     * the directory is closed before the failure is thrown.
     */
    static LuceneIndex openOwned(Directory directory, String location, @Nullable Path folder, String embeddingModel,
            int dimension, boolean readOnly) throws IOException {
        try {
            return new LuceneIndex(directory, location, folder, embeddingModel, dimension, readOnly);
        } catch (IOException | RuntimeException | Error e) {
            try {
                directory.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Whether {@code folder} holds a committed index (a folder whose first ingest never committed does not). */
    public static boolean exists(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Directory d = FSDirectory.open(folder)) {
            return DirectoryReader.indexExists(d);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the index at " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void requireNotAFile(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ConfigurationException("The index path " + folder + " is a file, not a folder. Give the path of"
                    + " a folder (it is created if absent).");
        }
    }

    /** The embedding model's name this index was built with. */
    public String embeddingModel() {
        return embeddingModel;
    }

    /** The vector dimension. */
    public int dimension() {
        return dimension;
    }

    /** The folder of an on-disk index; empty in memory. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** Whether this instance was opened with {@link #openReadOnly}. */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Adds chunks, replacing any stored chunk with the same id, all or nothing: every chunk is validated before any is
     * written, and the batch is written as one atomic block, so readers never see part of it. Visible to this
     * instance's searches when the call returns (it refreshes once); durable at {@link #commit()}.
     */
    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        if (writes().upsert(chunks)) {
            refreshAfterWrite();
        }
    }

    /**
     * Replaces every chunk of a document with {@code chunks}, atomically for readers, recording the document's
     * content hash so an unchanged document can be skipped next time. Buffered: visible after {@link #refresh()} or
     * {@link #commit()}, durable after {@link #commit()}.
     */
    @Override
    public void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
        writes().replaceDocument(documentId, contentHash, chunks);
    }

    /** Removes every chunk of a document; visible when the call returns (it refreshes twice: to count, and after). */
    @Override
    public long deleteDocument(String documentId) {
        IndexWrites w = writes();
        try {
            search.refresh();
            long count = search.chunkCount(documentId);
            w.deleteDocument(documentId);
            search.refresh();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every chunk of these documents. Buffered like {@link #replaceDocument}. */
    @Override
    public void deleteDocuments(Collection<String> documentIds) {
        writes().deleteDocuments(documentIds);
    }

    /** The content hash recorded for a document, if it is in the index (as of the last refresh). */
    @Override
    public Optional<String> documentHash(String documentId) {
        return Optional.ofNullable(search.documentHash(documentId));
    }

    /**
     * The id and content hash of every document whose id starts with {@code idPrefix} (all for {@code ""}), sorted by
     * id, as of the last refresh; unmodifiable. Walks the document-id terms: it reads no chunk.
     */
    @Override
    public Map<String, String> documentHashes(String idPrefix) {
        Objects.requireNonNull(idPrefix, "idPrefix");
        return Collections.unmodifiableMap(search.documentHashes(idPrefix));
    }

    /** The source recorded in a document's chunks, if it is in the index (as of the last refresh). */
    @Override
    public Optional<String> documentSource(String documentId) {
        return Optional.ofNullable(search.documentSource(documentId));
    }

    /** The ids of all documents in the index, sorted, as of the last refresh. Reads no chunk. */
    public Set<String> documentIds() {
        return new TreeSet<>(documentHashes("").keySet());
    }

    /** The stored vector of a chunk, if the chunk is in the index. */
    public Optional<float[]> vector(String chunkId) {
        return search.vector(chunkId);
    }

    /** The stored vectors of these chunks, in the order given, as of the last refresh; absent ids are left out. */
    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String id : chunkIds) {
            search.vector(id).ifPresent(v -> out.put(id, v));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Removes every chunk whose metadata matches {@code filter}; visible when the call returns (it refreshes twice: to
     * count, and after), durable at {@link #commit()}.
     */
    @Override
    public long deleteWhere(MetadataFilter filter) {
        Objects.requireNonNull(filter, "filter");
        IndexWrites w = writes();
        try {
            search.refresh();
            long count = search.count(filter);
            w.deleteWhere(filter);
            search.refresh();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many chunks the index holds as of the last refresh (committed or not, for a writer). */
    public int size() {
        return search.size();
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
        return search.searchVector(vector, topK, filter);
    }

    /** BM25 search over the chunks' text; scores are BM25 scores. */
    @Override
    public List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        return search.searchText(text, topK, filter);
    }

    /** Runs {@code call} over one point-in-time view: Lucene doc numbers stay valid for the whole call. */
    <T> T withSnapshot(IndexSnapshot.Call<T> call) {
        return search.withSearcher(s -> call.call(new IndexSnapshot(search, s)));
    }

    /**
     * Makes every write so far durable in one commit, recording the embedding model and dimension, then refreshes
     * this instance's searches. Until it returns, the previous commit stays intact on disk.
     */
    public void commit() {
        IndexWrites w = writes();
        try {
            w.commit(IndexSchema.commitData(embeddingModel, dimension));
            search.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@link VectorStore} name of {@link #commit()}: makes every write so far durable and visible. */
    @Override
    public void flush() {
        commit();
    }

    /**
     * Makes searches see the latest state, blocking until done: for a writer, its buffered writes (committed or not);
     * for a read-only index, the latest commit on disk (including one made by another process after opening). Call
     * it after a batch of writes, or periodically from a scheduler you own in a long-lived reader; searches never
     * refresh on their own.
     */
    public void refresh() {
        try {
            search.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot refresh the index at " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Discards every write since the last {@link #commit()} (by any caller of this instance, not only the current
     * thread) and reopens the writer and this instance's searches on the last commit, which stays as it was on disk.
     * {@link Ingestor} calls it when an ingest fails, so the next commit cannot publish half of it. Writes and searches
     * running concurrently with a rollback may fail; call it when this instance is otherwise idle.
     *
     * @throws IllegalStateException when the index was opened read-only
     * @throws UncheckedIOException when the writer cannot be reopened (e.g. another process took the write lock in
     *     between); the index must then be closed and opened again
     */
    @Override
    public synchronized void rollback() {
        IndexWrites old = writes();
        try {
            old.rollback();
            IndexWrites w = IndexWrites.open(directory, analyzer, dimension);
            try {
                search.replace(w.newSearcherManager());
            } catch (IOException | RuntimeException e) {
                w.rollback();
                throw e;
            }
            writes = w;
        } catch (LockObtainFailedException e) {
            throw new UncheckedIOException("Rolled back the index at " + location + ", but another writer took it"
                    + " meanwhile; close this index and open it again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot roll back the index at " + location + ": " + e.getMessage()
                    + "; close this index and open it again", e);
        }
    }

    private void refreshAfterWrite() {
        try {
            search.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the index <b>without</b> committing: writes since the last {@link #commit()} are discarded (a WARN log
     * says so), which keeps an interrupted ingest from publishing half its work. Always releases the write lock and
     * the directory, even when one of the steps fails; the first failure is then thrown.
     */
    @Override
    public void close() {
        Throwable failure = null;
        IndexWrites w = writes;
        boolean discarding = w != null && w.hasUncommittedChanges();
        try {
            search.close();
        } catch (Throwable t) {
            failure = t;
        }
        if (w != null) {
            try {
                w.rollback();
            } catch (Throwable t) {
                failure = add(failure, t);
            }
        }
        try {
            directory.close();
        } catch (Throwable t) {
            failure = add(failure, t);
        }
        if (discarding) {
            LOG.warn("Closed the index at {} without committing: writes since the last commit were discarded",
                    location);
        }
        if (failure instanceof IOException io) {
            throw new UncheckedIOException("Closing the index at " + location + " failed: " + io.getMessage(), io);
        } else if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        }
    }

    private static Throwable add(@Nullable Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private IndexWrites writes() {
        IndexWrites w = writes;
        if (w == null) {
            throw new IllegalStateException("The index at " + location + " was opened read-only; open it with"
                    + " LuceneIndex.open to write");
        }
        return w;
    }

    @Override
    public String toString() {
        return "LuceneIndex[" + location + ", " + embeddingModel + "/" + dimension + "]";
    }
}
