package dev.llmkit.cache.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.jspecify.annotations.Nullable;

/**
 * What a response cache knows about its entries besides the answers: each entry's key, partition (everything a hit
 * must share: model, parameters, system prompt, tools, tenant, earlier turns), tenant, tags, sources and model version,
 * and for the semantic cache the unit vector of its question in an HNSW graph. Lookups are top-k within one partition,
 * so an entry of another partition is never even a candidate. Invalidations find entries by any of those fields.
 * Lucene in memory. Lookups see new entries after a refresh, made at most once per refresh interval (each refresh
 * writes a segment, and every segment is searched apart); invalidations always see every entry. Thread-safe.
 */
public final class SemanticIndex implements AutoCloseable {
    /** Lucene's HNSW format takes vectors of at most this many dimensions. */
    public static final int MAX_DIMENSIONS = 1024;
    private static final String KEY = "key";
    private static final String PARTITION = "partition";
    private static final String VECTOR = "vector";
    /** How many candidates the HNSW search keeps while it walks the graph. */
    static final int BEAM = 16;

    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final long refreshNanos;
    private final java.util.function.LongSupplier nanoTime;
    private volatile long refreshedAt;
    private volatile int dimension = -1;

    /**
     * An empty index.
     *
     * @param refreshEvery the least time between two refreshes for lookups; zero to refresh before every lookup
     *     that follows a write
     * @param nanoTime the monotonic clock the interval is measured on
     */
    public SemanticIndex(java.time.Duration refreshEvery, java.util.function.LongSupplier nanoTime) {
        this.refreshNanos = refreshEvery.toNanos();
        this.nanoTime = nanoTime;
        this.refreshedAt = nanoTime.getAsLong();
        try {
            IndexWriterConfig config = new IndexWriterConfig();
            config.setRAMBufferSizeMB(64);
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, true, true, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A nearest stored question: its entry's key and its cosine similarity to the asked one. */
    public record Candidate(String key, double similarity) {
    }

    /**
     * Adds (or replaces) the entry {@code key}.
     *
     * @param vector the question's embedding, or {@code null} for an entry only the exact cache finds
     * @param fields more fields to find it by for invalidation: pairs of name and value
     */
    public void put(String key, String partition, float @Nullable [] vector, List<String[]> fields) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key, Field.Store.YES));
        doc.add(new StringField(PARTITION, partition, Field.Store.YES));
        for (String[] f : fields) {
            doc.add(new StringField(f[0], f[1], Field.Store.NO));
        }
        if (vector != null) {
            checkDimension(vector.length);
            doc.add(new KnnFloatVectorField(VECTOR, unit(vector), VectorSimilarityFunction.DOT_PRODUCT));
        }
        try {
            writer.updateDocument(new Term(KEY, key), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dirty.set(true);
    }

    private void checkDimension(int length) {
        if (length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("the embedding has " + length + " dimensions; the semantic cache's"
                    + " index takes at most " + MAX_DIMENSIONS + ". Use a smaller embedding model (bge-small-en-v1.5"
                    + " has 384) or ask the server for fewer dimensions (OpenAI's text-embedding-3 models take a"
                    + " 'dimensions' parameter).");
        }
        int d = dimension;
        if (d < 0) {
            dimension = length;
        } else if (d != length) {
            throw new IllegalArgumentException("the embedding has " + length + " dimensions but the cache's index"
                    + " holds vectors of " + d + "; one cache must use one embedding model");
        }
    }

    /**
     * The up to {@code k} stored questions nearest to {@code vector} within {@code partition}, nearest first. The
     * graph search keeps {@link #BEAM} candidates (Lucene's search keeps as many as it is asked for), so that the
     * nearest is found also among many similar questions; the first {@code k} are returned.
     */
    public List<Candidate> nearest(String partition, float[] vector, int k) {
        if (dimension < 0) {
            return List.of();
        }
        checkDimension(vector.length);
        IndexSearcher searcher = acquire(false);
        try {
            Term term = new Term(PARTITION, partition);
            // a partition holding every entry (one tenant, one system prompt) needs no filter, which costs a pass
            // over its postings per lookup
            boolean all = searcher.getIndexReader().docFreq(term) == searcher.getIndexReader().maxDoc();
            Query query = new KnnFloatVectorQuery(VECTOR, unit(vector), Math.max(k, BEAM),
                    all ? null : new TermQuery(term));
            TopDocs top = searcher.search(query, k);
            StoredFields stored = searcher.storedFields();
            List<Candidate> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                // Lucene scores DOT_PRODUCT as (1 + cosine) / 2 for unit vectors
                out.add(new Candidate(stored.document(sd.doc).get(KEY), 2.0 * sd.score - 1.0));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** The keys of the entries whose {@code field} has {@code value}. */
    public List<String> keys(String field, String value) {
        return keysOf(new TermQuery(new Term(field, value)));
    }

    /** The distinct values of {@code field} among the live entries. */
    public java.util.Set<String> values(String field) {
        IndexSearcher searcher = acquire(true);
        try {
            java.util.Set<String> out = new java.util.TreeSet<>();
            org.apache.lucene.index.Terms terms = org.apache.lucene.index.MultiTerms.getTerms(
                    searcher.getIndexReader(), field);
            if (terms == null) {
                return out;
            }
            org.apache.lucene.index.TermsEnum it = terms.iterator();
            for (org.apache.lucene.util.BytesRef t = it.next(); t != null; t = it.next()) {
                String value = t.utf8ToString();
                if (searcher.count(new TermQuery(new Term(field, value))) > 0) {
                    out.add(value);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** The keys of every entry. */
    public List<String> allKeys() {
        return keysOf(new org.apache.lucene.search.MatchAllDocsQuery());
    }

    /** The keys of the live entries {@code query} matches, all of them, after a refresh. */
    private List<String> keysOf(Query query) {
        IndexSearcher searcher = acquire(true);
        try {
            int max = Math.max(1, searcher.getIndexReader().maxDoc());
            TopDocs top = searcher.search(query, max);
            StoredFields stored = searcher.storedFields();
            List<String> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(stored.document(sd.doc).get(KEY));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** One entry as stored: its key, partition and vector ({@code null} for an exact-only entry). */
    public record Stored(String key, String partition, float @Nullable [] vector) {
    }

    /** Every entry, for a snapshot. */
    public List<Stored> all() {
        IndexSearcher searcher = acquire(true);
        try {
            List<Stored> out = new ArrayList<>();
            for (org.apache.lucene.index.LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                org.apache.lucene.index.LeafReader reader = leaf.reader();
                org.apache.lucene.util.Bits live = reader.getLiveDocs();
                org.apache.lucene.index.FloatVectorValues vectors = reader.getFloatVectorValues(VECTOR);
                StoredFields stored = reader.storedFields();
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    float[] v = null;
                    if (vectors != null && (vectors.docID() == doc || vectors.docID() < doc
                            && vectors.advance(doc) == doc)) {
                        v = vectors.vectorValue().clone();
                    }
                    Document d = stored.document(doc);
                    out.add(new Stored(d.get(KEY), d.get(PARTITION), v));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** Removes the entries {@code keys}. */
    public void remove(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Term[] terms = keys.stream().map(k -> new Term(KEY, k)).toArray(Term[]::new);
        try {
            writer.deleteDocuments(terms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dirty.set(true);
    }

    /** The number of entries it holds. */
    public int size() {
        IndexSearcher searcher = acquire(true);
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    /** Bytes held by the index's files in memory (vectors, graph, fields), for measurements. */
    public long bytes() {
        release(acquire(true)); // flushes pending writes
        try {
            long total = 0;
            for (String f : directory.listAll()) {
                total += directory.fileLength(f);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A searcher; refreshed first when there were writes and {@code fresh} or the refresh interval has passed. */
    private IndexSearcher acquire(boolean fresh) {
        try {
            if (dirty.get() && (fresh || refreshNanos == 0 || nanoTime.getAsLong() - refreshedAt >= refreshNanos)
                    && dirty.compareAndSet(true, false)) {
                refreshedAt = nanoTime.getAsLong();
                searchers.maybeRefreshBlocking();
            }
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges the index into one segment and refreshes it (blocking): lookups after a bulk load get faster. */
    public void compact() {
        try {
            writer.forceMerge(1);
            dirty.set(false);
            refreshedAt = nanoTime.getAsLong();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the embedding is all zeros; it cannot be compared");
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
