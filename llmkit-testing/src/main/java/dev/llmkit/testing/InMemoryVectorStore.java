package dev.llmkit.testing;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A store that keeps everything in memory and searches by brute force: exact cosine similarity for vectors, a plain
 * BM25 scorer over lower-cased words for keywords. It plays all three store roles ({@link VectorStore},
 * {@link KeywordIndex}, {@link DocumentCatalog}), so the ingestor and every retriever run over it unchanged, and it
 * passes the store contract kit in {@link dev.llmkit.testing.contract}.
 *
 * <p><b>For tests and small corpora</b> (up to some thousands of chunks): every search reads every chunk (with 384
 * dimensions, about 0.5 ms per search at 1,000 chunks and 8 to 11 ms at 10,000 on one core of a 2-core AMD EPYC), and
 * nothing outlives the JVM. It is also the shortest complete example of a store: see {@code docs/extending.md}.
 *
 * <p>Writes are visible at once; {@link #flush()} marks the state that {@link #rollback()} returns to. Keywords are
 * split on anything that is not a letter or digit; a trailing plural {@code s} is dropped and a few English stop words
 * are ignored. Thread-safe (one lock).
 *
 * <pre>{@code
 * InMemoryVectorStore store = new InMemoryVectorStore(embeddings.dimension());
 * Ingestor.builder(store, embeddings).build().ingest(documents);
 * Retriever retriever = HybridRetriever.defaults(store, embeddings);
 * }</pre>
 */
public final class InMemoryVectorStore implements VectorStore, KeywordIndex, DocumentCatalog {
    /** BM25 term-frequency saturation. */
    public static final double BM25_K1 = 1.2;
    /** BM25 length normalisation. */
    public static final double BM25_B = 0.75;
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "for", "from",
            "how", "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "with");

    private final int dimension;
    private Map<String, Entry> live = new LinkedHashMap<>();
    private Map<String, Entry> flushed = new LinkedHashMap<>();
    private boolean closed;

    /**
     * An empty store for vectors of {@code dimension}.
     *
     * @throws IllegalArgumentException when the dimension is not positive
     */
    public InMemoryVectorStore(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.dimension = dimension;
    }

    /** One stored chunk: its vector (a private copy), its words, and its document's content hash. */
    private record Entry(Chunk chunk, float[] vector, double norm, Map<String, Integer> terms, int length,
            String hash) {
        static Entry of(EmbeddedChunk c, String hash) {
            float[] v = c.vector().clone();
            Map<String, Integer> terms = new HashMap<>();
            List<String> words = words(c.chunk().text());
            words.forEach(w -> terms.merge(w, 1, Integer::sum));
            return new Entry(c.chunk(), v, InMemoryVectorStore.norm(v), Map.copyOf(terms), words.size(), hash);
        }
    }

    /** The vector dimension. */
    public int dimension() {
        return dimension;
    }

    /** How many chunks the store holds. */
    public synchronized int size() {
        open();
        return live.size();
    }

    @Override
    public synchronized void upsert(List<EmbeddedChunk> chunks) {
        open();
        List<Entry> entries = new ArrayList<>(chunks.size());
        for (EmbeddedChunk c : chunks) {
            checkDimension(c.vector(), "vector of chunk " + c.chunk().id());
            entries.add(Entry.of(c, ""));
        }
        entries.forEach(e -> live.put(e.chunk().id(), e));
    }

    @Override
    public synchronized long deleteDocument(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        open();
        return removeIf(e -> e.chunk().documentId().equals(documentId));
    }

    @Override
    public synchronized long deleteWhere(MetadataFilter filter) {
        Objects.requireNonNull(filter, "filter");
        open();
        return removeIf(e -> filter.test(e.chunk().metadata()));
    }

    private long removeIf(java.util.function.Predicate<Entry> p) {
        int before = live.size();
        live.values().removeIf(p);
        return before - live.size();
    }

    @Override
    public synchronized List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
        Objects.requireNonNull(filter, "filter");
        open();
        checkDimension(vector, "query vector");
        checkTopK(topK);
        double qn = norm(vector);
        List<ScoredChunk> hits = new ArrayList<>();
        for (Entry e : live.values()) {
            if (filter.test(e.chunk().metadata())) {
                double dot = 0;
                for (int d = 0; d < dimension; d++) {
                    dot += (double) vector[d] * e.vector()[d];
                }
                double cos = qn == 0 || e.norm() == 0 ? 0 : dot / (qn * e.norm());
                hits.add(new ScoredChunk(e.chunk(), cos));
            }
        }
        return best(hits, topK);
    }

    @Override
    public synchronized List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(filter, "filter");
        open();
        checkTopK(topK);
        Set<String> queryTerms = Set.copyOf(words(text));
        if (queryTerms.isEmpty() || live.isEmpty()) {
            return List.of();
        }
        int n = live.size();
        double avgLength = live.values().stream().mapToInt(Entry::length).average().orElse(1);
        Map<String, Double> idf = new HashMap<>();
        for (String t : queryTerms) {
            long df = live.values().stream().filter(e -> e.terms().containsKey(t)).count();
            idf.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
        }
        List<ScoredChunk> hits = new ArrayList<>();
        for (Entry e : live.values()) {
            if (!filter.test(e.chunk().metadata())) {
                continue;
            }
            double score = 0;
            for (String t : queryTerms) {
                Integer tf = e.terms().get(t);
                if (tf != null) {
                    double norm = BM25_K1 * (1 - BM25_B + BM25_B * e.length() / Math.max(avgLength, 1e-9));
                    score += idf.get(t) * tf * (BM25_K1 + 1) / (tf + norm);
                }
            }
            if (score > 0) {
                hits.add(new ScoredChunk(e.chunk(), score));
            }
        }
        return best(hits, topK);
    }

    @Override
    public synchronized Map<String, float[]> vectors(Collection<String> chunkIds) {
        open();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String id : chunkIds) {
            Entry e = live.get(id);
            if (e != null) {
                out.put(id, e.vector().clone());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Marks the current state as the one {@link #rollback()} returns to; writes are visible before it already. */
    @Override
    public synchronized void flush() {
        open();
        flushed = new LinkedHashMap<>(live);
    }

    @Override
    public synchronized void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(contentHash, "contentHash");
        open();
        List<Entry> entries = new ArrayList<>(chunks.size());
        for (EmbeddedChunk c : chunks) {
            if (!c.chunk().documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + c.chunk().id() + " belongs to " + c.chunk().documentId()
                        + ", not " + documentId);
            }
            checkDimension(c.vector(), "vector of chunk " + c.chunk().id());
            entries.add(Entry.of(c, contentHash));
        }
        live.values().removeIf(e -> e.chunk().documentId().equals(documentId));
        entries.forEach(e -> live.put(e.chunk().id(), e));
    }

    @Override
    public synchronized void deleteDocuments(Collection<String> documentIds) {
        open();
        Set<String> ids = Set.copyOf(documentIds);
        live.values().removeIf(e -> ids.contains(e.chunk().documentId()));
    }

    @Override
    public synchronized Map<String, String> documentHashes(String idPrefix) {
        Objects.requireNonNull(idPrefix, "idPrefix");
        open();
        Map<String, String> out = new TreeMap<>();
        for (Entry e : live.values()) {
            if (e.chunk().documentId().startsWith(idPrefix)) {
                out.putIfAbsent(e.chunk().documentId(), e.hash());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized Optional<String> documentSource(String documentId) {
        open();
        return live.values().stream().filter(e -> e.chunk().documentId().equals(documentId)).findFirst()
                .map(e -> e.chunk().source());
    }

    /** Returns to the state of the last {@link #flush()} (empty before the first). */
    @Override
    public synchronized void rollback() {
        open();
        live = new LinkedHashMap<>(flushed);
    }

    /** Drops everything; later calls throw {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
        live = Map.of();
        flushed = Map.of();
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("This InMemoryVectorStore is closed");
        }
    }

    private void checkDimension(float[] vector, String what) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions, the store "
                    + dimension);
        }
    }

    private static void checkTopK(int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
    }

    /** Best first; ties keep insertion order. */
    private static List<ScoredChunk> best(List<ScoredChunk> hits, int topK) {
        hits.sort(Comparator.comparingDouble(ScoredChunk::score).reversed());
        return List.copyOf(hits.subList(0, Math.min(topK, hits.size())));
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** Lower-cased words without stop words, a trailing plural {@code s} dropped. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty() || STOP_WORDS.contains(w)) {
                continue;
            }
            if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
                w = w.substring(0, w.length() - 1);
            }
            out.add(w);
        }
        return out;
    }

    @Override
    public String toString() {
        return "InMemoryVectorStore[" + dimension + "]";
    }
}
