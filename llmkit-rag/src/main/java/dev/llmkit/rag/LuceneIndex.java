package dev.llmkit.rag;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.rag.internal.DocumentWalk;
import dev.llmkit.rag.internal.LuceneFilters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
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
public final class LuceneIndex implements VectorStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);
    private static final String ID = "id";
    private static final String DOC = "doc";
    private static final String SOURCE = "source";
    private static final String POSITION = "position";
    private static final String TEXT = "text";
    private static final String HASH = "hash";
    private static final String VECTOR = "vector";
    private static final String MODEL_KEY = "llmkit.embedding-model";
    private static final String DIM_KEY = "llmkit.dimension";
    private static final String FORMAT_KEY = "llmkit.index-format";
    private static final String FORMAT = "2";
    /** The fewest nearest-neighbour candidates a vector search explores. */
    public static final int MIN_KNN_CANDIDATES = 100;

    private final Directory directory;
    private final @Nullable IndexWriter writer;
    private volatile @Nullable SearcherManager searchers;
    private final Analyzer analyzer = new EnglishAnalyzer();
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
        boolean exists = DirectoryReader.indexExists(directory);
        if (exists) {
            checkCommit();
        }
        if (readOnly) {
            this.writer = null;
            this.searchers = exists ? new SearcherManager(directory, null) : null;
            return;
        }
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(64);
        IndexWriter w = new IndexWriter(directory, config);
        try {
            this.searchers = new SearcherManager(w, null);
        } catch (IOException | RuntimeException e) {
            w.rollback();
            throw e;
        }
        this.writer = w;
    }

    private void checkCommit() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> data = reader.getIndexCommit().getUserData();
            String model = data.get(MODEL_KEY);
            String dim = data.get(DIM_KEY);
            if (model != null && (!model.equals(embeddingModel) || !String.valueOf(dimension).equals(dim))) {
                throw new ConfigurationException("The index at " + location + " was built with embedding model "
                        + model + " (" + dim + " dimensions), not " + embeddingModel + " (" + dimension
                        + "). Use the same model, or ingest into a new index folder.");
            }
            if (reader.numDocs() > 0 && !FORMAT.equals(data.get(FORMAT_KEY))) {
                throw new ConfigurationException("The index at " + location + " was written by an older llmkit"
                        + " (format " + data.getOrDefault(FORMAT_KEY, "1") + ", this version reads " + FORMAT
                        + "). Delete the folder and ingest your documents again.");
            }
        }
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
            return new LuceneIndex(FSDirectory.open(folder), folder.toString(), folder, embeddingModel, dimension,
                    false);
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
            return new LuceneIndex(FSDirectory.open(folder), folder.toString(), folder, embeddingModel, dimension, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the index at " + folder + ": " + e.getMessage(), e);
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
        return writer == null;
    }

    /**
     * Adds chunks, replacing any stored chunk with the same id, all or nothing: every chunk is validated before any is
     * written, and the batch is written as one atomic block, so readers never see part of it. Visible to this
     * instance's searches when the call returns (it refreshes once); durable at {@link #commit()}.
     */
    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        IndexWriter w = writer();
        Map<String, Document> docs = new LinkedHashMap<>();
        for (EmbeddedChunk c : chunks) {
            docs.put(c.chunk().id(), toLucene(c, ""));
        }
        if (docs.isEmpty()) {
            return;
        }
        List<BytesRef> ids = docs.keySet().stream().map(BytesRef::new).toList();
        try {
            w.updateDocuments(new TermInSetQuery(ID, ids), docs.values());
            refreshManager();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces every chunk of a document with {@code chunks}, atomically for readers, recording the document's
     * content hash so an unchanged document can be skipped next time. Buffered: visible after {@link #refresh()} or
     * {@link #commit()}, durable after {@link #commit()}.
     */
    public void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
        IndexWriter w = writer();
        List<Document> docs = new ArrayList<>(chunks.size());
        for (EmbeddedChunk c : chunks) {
            if (!c.chunk().documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + c.chunk().id() + " belongs to " + c.chunk().documentId()
                        + ", not " + documentId);
            }
            docs.add(toLucene(c, contentHash));
        }
        try {
            w.updateDocuments(new Term(DOC, documentId), docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every chunk of a document; visible when the call returns (it refreshes twice: to count, and after). */
    @Override
    public long deleteDocument(String documentId) {
        IndexWriter w = writer();
        try {
            refreshManager();
            long count = withSearcher(s -> (long) s.count(new TermQuery(new Term(DOC, documentId))));
            w.deleteDocuments(new Term(DOC, documentId));
            refreshManager();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every chunk of these documents. Buffered like {@link #replaceDocument}. */
    public void deleteDocuments(Collection<String> documentIds) {
        IndexWriter w = writer();
        if (documentIds.isEmpty()) {
            return;
        }
        try {
            w.deleteDocuments(new TermInSetQuery(DOC, documentIds.stream().map(BytesRef::new).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content hash recorded for a document, if it is in the index (as of the last refresh). */
    public Optional<String> documentHash(String documentId) {
        return Optional.ofNullable(withSearcher(s -> DocumentWalk.hash(s.getIndexReader(), DOC, HASH, documentId)));
    }

    /**
     * The id and content hash of every document whose id starts with {@code idPrefix} (all for {@code ""}), sorted by
     * id, as of the last refresh. Walks the document-id terms: it reads no chunk.
     */
    public Map<String, String> documentHashes(String idPrefix) {
        Objects.requireNonNull(idPrefix, "idPrefix");
        return withSearcher(s -> DocumentWalk.hashes(s.getIndexReader(), DOC, HASH, idPrefix));
    }

    /** The ids of all documents in the index, sorted, as of the last refresh. Reads no chunk. */
    public Set<String> documentIds() {
        return new TreeSet<>(documentHashes("").keySet());
    }

    /** The stored vector of a chunk, if the chunk is in the index. */
    public Optional<float[]> vector(String chunkId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(ID, chunkId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.<float[]>empty();
            }
            return Optional.ofNullable(vectorOf(s, top.scoreDocs[0].doc));
        });
    }

    private static float @Nullable [] vectorOf(IndexSearcher s, int doc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        if (values == null || values.advance(doc - leaf.docBase) != doc - leaf.docBase) {
            return null;
        }
        return values.vectorValue().clone();
    }

    /** How many chunks the index holds as of the last refresh (committed or not, for a writer). */
    public int size() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
        Query knn = knnQuery(vector, topK, filter);
        return run(knn, topK, LuceneIndex::cosine);
    }

    /** BM25 search over the chunks' text; scores are BM25 scores. */
    public List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        Query q = textQuery(text, filter);
        if (q == null) {
            return List.of();
        }
        return run(q, topK, score -> score);
    }

    private Query knnQuery(float[] vector, int topK, MetadataFilter filter) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("query vector has " + vector.length + " dimensions, the index "
                    + dimension);
        }
        // HNSW explores more candidates than asked for (like a larger ef): recall rises a lot, latency a little.
        int candidates = Math.max(topK, MIN_KNN_CANDIDATES);
        return new KnnFloatVectorQuery(VECTOR, vector, candidates, LuceneFilters.toQuery(filter));
    }

    /** COSINE scores are (1 + cos) / 2; report the cosine itself. */
    private static double cosine(float score) {
        return 2.0 * score - 1.0;
    }

    private @Nullable Query textQuery(String text, MetadataFilter filter) {
        Query q = new QueryBuilder(analyzer).createBooleanQuery(TEXT, text);
        if (q == null) {
            return null;
        }
        Query f = LuceneFilters.toQuery(filter);
        if (f != null) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST).add(f, BooleanClause.Occur.FILTER).build();
        }
        return q;
    }

    /** A call over one point-in-time view of the index, for retrievers in this package. */
    interface SnapshotCall<T> {
        T call(Snapshot snapshot) throws IOException;
    }

    /** Runs {@code call} over one point-in-time view: Lucene doc numbers stay valid for the whole call. */
    <T> T withSnapshot(SnapshotCall<T> call) {
        return withSearcher(s -> call.call(new Snapshot(s)));
    }

    /** Ranks chunks by Lucene doc number without loading stored fields, and loads only the chunks asked for. */
    final class Snapshot {
        private final IndexSearcher searcher;

        private Snapshot(IndexSearcher searcher) {
            this.searcher = searcher;
        }

        /** The nearest chunks as (doc, score) with raw Lucene scores; see {@link #cosineOf(float)}. */
        ScoreDoc[] vectorHits(float[] vector, int topK, MetadataFilter filter) throws IOException {
            return searcher.search(knnQuery(vector, topK, filter), topK).scoreDocs;
        }

        /** The cosine a raw vector-hit score stands for, as {@link #search} reports it. */
        double cosineOf(float score) {
            return cosine(score);
        }

        /** The best BM25 chunks as (doc, score). */
        ScoreDoc[] textHits(String text, int topK, MetadataFilter filter) throws IOException {
            Query q = textQuery(text, filter);
            return q == null ? new ScoreDoc[0] : searcher.search(q, topK).scoreDocs;
        }

        /** The stored vector of a doc, or null. */
        float @Nullable [] vector(int doc) throws IOException {
            return vectorOf(searcher, doc);
        }

        /** The chunk stored in a doc. */
        Chunk chunk(int doc) throws IOException {
            return fromLucene(searcher.storedFields().document(doc));
        }
    }

    /**
     * Makes every write so far durable in one commit, recording the embedding model and dimension, then refreshes
     * this instance's searches. Until it returns, the previous commit stays intact on disk.
     */
    public void commit() {
        IndexWriter w = writer();
        try {
            Map<String, String> data = new HashMap<>();
            data.put(MODEL_KEY, embeddingModel);
            data.put(DIM_KEY, String.valueOf(dimension));
            data.put(FORMAT_KEY, FORMAT);
            w.setLiveCommitData(data.entrySet());
            w.commit();
            refreshManager();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes searches see the latest state, blocking until done: for a writer, its buffered writes (committed or not);
     * for a read-only index, the latest commit on disk (including one made by another process after opening). Call
     * it after a batch of writes, or periodically from a scheduler you own in a long-lived reader; searches never
     * refresh on their own.
     */
    public void refresh() {
        try {
            refreshManager();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot refresh the index at " + location + ": " + e.getMessage(), e);
        }
    }

    private void refreshManager() throws IOException {
        SearcherManager m = searchers;
        if (m != null) {
            m.maybeRefreshBlocking();
            return;
        }
        synchronized (this) {
            if (searchers == null && DirectoryReader.indexExists(directory)) {
                checkCommit();
                searchers = new SearcherManager(directory, null);
            }
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
        boolean discarding = writer != null && writer.hasUncommittedChanges();
        try {
            SearcherManager m = searchers;
            if (m != null) {
                m.close();
            }
        } catch (Throwable t) {
            failure = t;
        }
        if (writer != null) {
            try {
                writer.rollback();
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

    private IndexWriter writer() {
        IndexWriter w = writer;
        if (w == null) {
            throw new IllegalStateException("The index at " + location + " was opened read-only; open it with"
                    + " LuceneIndex.open to write");
        }
        return w;
    }

    private interface Scale {
        double apply(float score);
    }

    private List<ScoredChunk> run(Query q, int topK, Scale scale) {
        return withSearcher(s -> {
            TopDocs top = s.search(q, topK);
            List<ScoredChunk> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc d : top.scoreDocs) {
                out.add(new ScoredChunk(fromLucene(s.storedFields().document(d.doc)), scale.apply(d.score)));
            }
            return out;
        });
    }

    private interface SearcherCall<T> {
        T call(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(SearcherCall<T> call) {
        SearcherManager m = searchers;
        try {
            if (m == null) {
                return call.call(EMPTY);
            }
            IndexSearcher s = m.acquire();
            try {
                return call.call(s);
            } finally {
                m.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final IndexSearcher EMPTY = emptySearcher();

    private static IndexSearcher emptySearcher() {
        try {
            return new IndexSearcher(new org.apache.lucene.index.MultiReader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document toLucene(EmbeddedChunk ec, String hash) {
        if (ec.vector().length != dimension) {
            throw new IllegalArgumentException("chunk " + ec.chunk().id() + " has a " + ec.vector().length
                    + "-dimensional vector, the index " + dimension);
        }
        Chunk c = ec.chunk();
        Document d = new Document();
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new StringField(DOC, c.documentId(), Field.Store.YES));
        d.add(new StoredField(SOURCE, c.source()));
        d.add(new StoredField(POSITION, c.position()));
        d.add(new TextField(TEXT, c.text(), Field.Store.YES));
        d.add(new BinaryDocValuesField(HASH, new BytesRef(hash)));
        d.add(new KnnFloatVectorField(VECTOR, ec.vector(), VectorSimilarityFunction.COSINE));
        for (Map.Entry<String, String> m : c.metadata().entrySet()) {
            d.add(new StringField(LuceneFilters.META_PREFIX + m.getKey(), m.getValue(), Field.Store.YES));
        }
        return d;
    }

    private static Chunk fromLucene(Document d) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (IndexableField f : d.getFields()) {
            if (f.name().startsWith(LuceneFilters.META_PREFIX)) {
                meta.put(f.name().substring(LuceneFilters.META_PREFIX.length()), f.stringValue());
            }
        }
        return new Chunk(d.get(ID), d.get(DOC), d.get(TEXT), d.get(SOURCE), d.getField(POSITION).numericValue().intValue(),
                meta);
    }

    @Override
    public String toString() {
        return "LuceneIndex[" + location + ", " + embeddingModel + "/" + dimension + "]";
    }
}
