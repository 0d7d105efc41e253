package dev.llmkit.rag.internal;

import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
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
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.QueryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The read side of an llmkit Lucene index: the searcher manager (over a writer, or over the commits of a folder,
 * opened lazily once a first commit appears), dense and BM25 queries, stored-field and vector loading, and the walks
 * of document ids and content hashes. Searches see the state as of the last {@link #refresh()}.
 */
public final class IndexSearch {
    private static final IndexSearcher EMPTY = emptySearcher();

    private final Directory directory;
    private final String location;
    private final String embeddingModel;
    private final int dimension;
    private final int minCandidates;
    private final Analyzer analyzer;
    private volatile @Nullable SearcherManager searchers;
    private boolean closed;

    /**
     * Reads through {@code searchers}, or, when null (a read-only index with no commit yet), opens a manager over the
     * commits of {@code directory} at the first {@link #refresh()} that finds one, checking it like
     * {@link IndexSchema#checkCommit}.
     *
     * @param minCandidates the fewest nearest-neighbour candidates a vector search explores
     */
    public IndexSearch(@Nullable SearcherManager searchers, Directory directory, String location,
            String embeddingModel, int dimension, int minCandidates, Analyzer analyzer) {
        this.searchers = searchers;
        this.directory = directory;
        this.location = location;
        this.embeddingModel = embeddingModel;
        this.dimension = dimension;
        this.minCandidates = minCandidates;
        this.analyzer = analyzer;
    }

    /** Makes searches see the latest state, blocking until done. */
    public void refresh() throws IOException {
        SearcherManager m = searchers;
        if (m != null) {
            m.maybeRefreshBlocking();
            return;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The index at " + location + " is closed");
            }
            if (searchers == null && DirectoryReader.indexExists(directory)) {
                IndexSchema.checkCommit(directory, location, embeddingModel, dimension);
                searchers = new SearcherManager(directory, null);
            }
        }
    }

    /**
     * Serves searches from {@code next} from now on (e.g. over a writer reopened after a rollback) and closes the
     * previous manager; searchers already acquired stay valid until released.
     */
    public void replace(SearcherManager next) throws IOException {
        SearcherManager old;
        synchronized (this) {
            if (closed) {
                next.close();
                throw new IllegalStateException("The index at " + location + " is closed");
            }
            old = searchers;
            searchers = next;
        }
        if (old != null) {
            old.close();
        }
    }

    /**
     * Closes the searcher manager, if one was opened; the directory stays open. A {@link #refresh()} that runs after
     * (or concurrently) never opens a new one.
     */
    public void close() throws IOException {
        SearcherManager m;
        synchronized (this) {
            closed = true;
            m = searchers;
        }
        if (m != null) {
            m.close();
        }
    }

    /** A call over one searcher. */
    public interface SearcherCall<T> {
        /** Runs over {@code searcher}, which stays valid until the call returns. */
        T call(IndexSearcher searcher) throws IOException;
    }

    /** Runs {@code call} over the current searcher (an empty one before any commit), releasing it after. */
    public <T> T withSearcher(SearcherCall<T> call) {
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

    private static IndexSearcher emptySearcher() {
        try {
            return new IndexSearcher(new MultiReader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest chunks to {@code vector}, scored by cosine. */
    public List<ScoredChunk> searchVector(float[] vector, int topK, MetadataFilter filter) {
        Query knn = knnQuery(vector, topK, filter);
        return withSearcher(s -> ranked(s, knn, topK, true));
    }

    /** The best BM25 chunks for {@code text}, scored by BM25. */
    public List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        Query q = textQuery(text, filter);
        if (q == null) {
            return List.of();
        }
        return withSearcher(s -> ranked(s, q, topK, false));
    }

    private static List<ScoredChunk> ranked(IndexSearcher s, Query q, int topK, boolean cosine) throws IOException {
        TopDocs top = s.search(q, topK);
        List<ScoredChunk> out = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc d : top.scoreDocs) {
            out.add(new ScoredChunk(IndexSchema.toChunk(s.storedFields().document(d.doc)),
                    cosine ? cosine(d.score) : d.score));
        }
        return out;
    }

    /**
     * The HNSW query for the nearest chunks, exploring at least the minimum number of candidates.
     *
     * @throws IllegalArgumentException when the vector does not have the index's dimension
     */
    public Query knnQuery(float[] vector, int topK, MetadataFilter filter) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("query vector has " + vector.length + " dimensions, the index "
                    + dimension);
        }
        // HNSW explores more candidates than asked for (like a larger ef): recall rises a lot, latency a little.
        int candidates = Math.max(topK, minCandidates);
        return new KnnFloatVectorQuery(IndexSchema.VECTOR, vector, candidates, LuceneFilters.toQuery(filter));
    }

    /** COSINE scores are (1 + cos) / 2; the cosine itself. */
    public static double cosine(float score) {
        return 2.0 * score - 1.0;
    }

    /** The BM25 query for {@code text} under {@code filter}, or null when the text has no searchable term. */
    public @Nullable Query textQuery(String text, MetadataFilter filter) {
        Query q = new QueryBuilder(analyzer).createBooleanQuery(IndexSchema.TEXT, text);
        if (q == null) {
            return null;
        }
        Query f = LuceneFilters.toQuery(filter);
        if (f != null) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST).add(f, BooleanClause.Occur.FILTER).build();
        }
        return q;
    }

    /** The stored vector of a Lucene doc, or null. */
    public static float @Nullable [] vectorOf(IndexSearcher s, int doc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(IndexSchema.VECTOR);
        if (values == null || values.advance(doc - leaf.docBase) != doc - leaf.docBase) {
            return null;
        }
        return values.vectorValue().clone();
    }

    /** The stored vector of a chunk, if the chunk is in the index. */
    public Optional<float[]> vector(String chunkId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(IndexSchema.ID, chunkId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.<float[]>empty();
            }
            return Optional.ofNullable(vectorOf(s, top.scoreDocs[0].doc));
        });
    }

    /** The content hash of a document, or null when it is not in the index. */
    public @Nullable String documentHash(String documentId) {
        return withSearcher(s -> DocumentWalk.hash(s.getIndexReader(), IndexSchema.DOC, IndexSchema.HASH, documentId));
    }

    /** The id and content hash of every document whose id starts with {@code idPrefix}, sorted by id. */
    public Map<String, String> documentHashes(String idPrefix) {
        return withSearcher(s -> DocumentWalk.hashes(s.getIndexReader(), IndexSchema.DOC, IndexSchema.HASH, idPrefix));
    }

    /** The source of a document's chunks (a folder document's path relative to its root), or null when absent. */
    public @Nullable String documentSource(String documentId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(IndexSchema.DOC, documentId)), 1);
            if (top.scoreDocs.length == 0) {
                return null;
            }
            return IndexSchema.toChunk(s.storedFields().document(top.scoreDocs[0].doc)).source();
        });
    }

    /** How many chunks a document has. */
    public long chunkCount(String documentId) {
        return withSearcher(s -> (long) s.count(new TermQuery(new Term(IndexSchema.DOC, documentId))));
    }

    /** How many chunks match {@code filter}. */
    public long count(MetadataFilter filter) {
        Query f = LuceneFilters.toQuery(filter);
        return withSearcher(s -> (long) s.count(f == null ? new MatchAllDocsQuery() : f));
    }

    /** How many chunks the index holds. */
    public int size() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }
}
