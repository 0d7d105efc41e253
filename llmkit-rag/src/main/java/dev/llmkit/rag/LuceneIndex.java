package dev.llmkit.rag;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.rag.internal.LuceneFilters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * One Lucene index holding, per chunk, its text analysed for BM25 (English analyzer), its embedding as an HNSW
 * {@link KnnFloatVectorField} (cosine), and stored fields for the chunk and its metadata. In memory or on disk.
 *
 * <p>Writes become durable only at {@link #commit()}; {@link #close()} does <b>not</b> commit, so an interrupted
 * ingest leaves the previous commit as it was. The index records the embedding model and dimension it was built with
 * and refuses to open with another. Thread-safe: writes and searches may run concurrently.
 *
 * <pre>{@code
 * try (LuceneIndex index = LuceneIndex.open(Path.of("index"), "bge-small-en-v1.5-q", 384)) {
 *     index.replaceDocument("a.md", hash, embeddedChunks);
 *     index.commit();
 *     List<ScoredChunk> hits = index.searchText("circuit breaker", 10, MetadataFilter.ALL);
 * }
 * }</pre>
 */
public final class LuceneIndex implements VectorStore, AutoCloseable {
    private static final String ID = "id";
    private static final String DOC = "doc";
    private static final String SOURCE = "source";
    private static final String POSITION = "position";
    private static final String TEXT = "text";
    private static final String HASH = "hash";
    private static final String VECTOR = "vector";
    private static final String MODEL_KEY = "llmkit.embedding-model";
    private static final String DIM_KEY = "llmkit.dimension";
    /** The fewest nearest-neighbour candidates a vector search explores. */
    public static final int MIN_KNN_CANDIDATES = 100;

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final String embeddingModel;
    private final int dimension;
    private final String location;

    private LuceneIndex(Directory directory, String location, String embeddingModel, int dimension) throws IOException {
        if (dimension < 1 || dimension > 4096) {
            throw new IllegalArgumentException("dimension must be between 1 and 4096, got " + dimension);
        }
        this.directory = directory;
        this.location = location;
        this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
        this.dimension = dimension;
        if (DirectoryReader.indexExists(directory)) {
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                Map<String, String> data = reader.getIndexCommit().getUserData();
                String model = data.get(MODEL_KEY);
                String dim = data.get(DIM_KEY);
                if (model != null && (!model.equals(embeddingModel) || !String.valueOf(dimension).equals(dim))) {
                    throw new ConfigurationException("The index at " + location + " was built with embedding model "
                            + model + " (" + dim + " dimensions), not " + embeddingModel + " (" + dimension
                            + "). Use the same model, or ingest into a new index folder.");
                }
            }
        }
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** A new index in memory. */
    public static LuceneIndex inMemory(String embeddingModel, int dimension) {
        try {
            return new LuceneIndex(new ByteBuffersDirectory(), "memory", embeddingModel, dimension);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens the index in {@code folder}, creating it if absent.
     *
     * @throws ConfigurationException when the index was built with another embedding model or dimension
     * @throws UncheckedIOException when the folder cannot be opened (e.g. another process holds its lock)
     */
    public static LuceneIndex open(Path folder, String embeddingModel, int dimension) {
        try {
            return new LuceneIndex(FSDirectory.open(folder), folder.toString(), embeddingModel, dimension);
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new UncheckedIOException("The index at " + folder + " is in use by another process", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the index at " + folder + ": " + e.getMessage(), e);
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

    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        try {
            for (EmbeddedChunk c : chunks) {
                writer.updateDocument(new Term(ID, c.chunk().id()), toLucene(c, ""));
            }
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces every chunk of a document with {@code chunks}, atomically for readers, recording the document's
     * content hash so an unchanged document can be skipped next time.
     */
    public void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
        List<Document> docs = new ArrayList<>(chunks.size());
        for (EmbeddedChunk c : chunks) {
            if (!c.chunk().documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + c.chunk().id() + " belongs to " + c.chunk().documentId()
                        + ", not " + documentId);
            }
            docs.add(toLucene(c, contentHash));
        }
        try {
            writer.updateDocuments(new Term(DOC, documentId), docs);
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long deleteDocument(String documentId) {
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher s = searchers.acquire();
            int count;
            try {
                count = s.count(new TermQuery(new Term(DOC, documentId)));
            } finally {
                searchers.release(s);
            }
            writer.deleteDocuments(new Term(DOC, documentId));
            searchers.maybeRefresh();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content hash recorded for a document, if it is in the index. */
    public Optional<String> documentHash(String documentId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(DOC, documentId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.<String>empty();
            }
            String h = s.storedFields().document(top.scoreDocs[0].doc).get(HASH);
            return Optional.ofNullable(h);
        });
    }

    /** The ids of all documents in the index, sorted. */
    public Set<String> documentIds() {
        return withSearcher(s -> {
            Set<String> ids = new TreeSet<>();
            TopDocs all = s.search(new MatchAllDocsQuery(), Math.max(1, s.getIndexReader().numDocs()));
            for (ScoreDoc d : all.scoreDocs) {
                ids.add(s.storedFields().document(d.doc, Set.of(DOC)).get(DOC));
            }
            return ids;
        });
    }

    /** The stored vector of a chunk, if the chunk is in the index. */
    public Optional<float[]> vector(String chunkId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(ID, chunkId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.<float[]>empty();
            }
            int doc = top.scoreDocs[0].doc;
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
            if (values == null || values.advance(doc - leaf.docBase) != doc - leaf.docBase) {
                return Optional.<float[]>empty();
            }
            return Optional.of(values.vectorValue().clone());
        });
    }

    /** How many chunks the index holds (committed or not). */
    public int size() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("query vector has " + vector.length + " dimensions, the index "
                    + dimension);
        }
        // HNSW explores more candidates than asked for (like a larger ef): recall rises a lot, latency a little.
        int candidates = Math.max(topK, MIN_KNN_CANDIDATES);
        Query knn = new KnnFloatVectorQuery(VECTOR, vector, candidates, LuceneFilters.toQuery(filter));
        // COSINE scores are (1 + cos) / 2; report the cosine itself.
        return run(knn, topK, score -> 2.0 * score - 1.0);
    }

    /** BM25 search over the chunks' text; scores are BM25 scores. */
    public List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        Query q = new QueryBuilder(analyzer).createBooleanQuery(TEXT, text);
        if (q == null) {
            return List.of();
        }
        Query f = LuceneFilters.toQuery(filter);
        if (f != null) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST).add(f, BooleanClause.Occur.FILTER).build();
        }
        return run(q, topK, score -> score);
    }

    /** Makes every write so far durable, recording the embedding model and dimension. */
    public void commit() {
        try {
            Map<String, String> data = new HashMap<>();
            data.put(MODEL_KEY, embeddingModel);
            data.put(DIM_KEY, String.valueOf(dimension));
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the index <b>without</b> committing: writes since the last {@link #commit()} are discarded. */
    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher s = searchers.acquire();
            try {
                return call.call(s);
            } finally {
                searchers.release(s);
            }
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
        d.add(new StoredField(HASH, hash));
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
