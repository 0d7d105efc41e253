package dev.llmkit.solr;

import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.solr.internal.Reads;
import dev.llmkit.solr.internal.SolrFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.response.json.BucketJsonFacet;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * A chunk index on a SolrCloud collection (or alias) made with the llmkit configset ({@link SolrCollections}): dense
 * KNN over an HNSW vector field, BM25 over the text analysed as the local index analyses it, metadata filters as
 * pre-filters of both, and the document catalog an {@code Ingestor} needs. It is a drop-in for the local
 * {@code LuceneIndex}: {@code HybridRetriever.defaults(solrIndex, embeddings)} fuses its two lists with the same
 * defaults.
 *
 * <pre>{@code
 * try (SolrIndex index = SolrIndex.connect(List.of("http://solr1:8983/solr"), "docs", 384)) {
 *     new Ingestor(chunker, embeddings, index).ingest(documents);
 *     index.flush();
 *     Retriever retriever = HybridRetriever.defaults(index, embeddings);
 * }
 * }</pre>
 *
 * <p><b>Visibility and durability.</b> Writes go to Solr's update log at once. A search through this instance first
 * makes them visible with a soft commit (only when there are writes it has not seen); {@link #flush()} hard-commits,
 * which makes them durable and visible to every reader. The configset never commits on its own, so other readers see
 * a document's old chunks or its new ones; a {@link #replaceDocument} runs its delete and its adds with no commit of
 * this instance between them. SolrCloud cannot roll back: {@link #rollback()} throws
 * {@link UnsupportedOperationException}; re-index into a new collection with {@link SolrCollections#reindex} instead.
 *
 * <p>Thread-safe. {@link #close()} closes the client only when this index made it ({@link #connect}).
 */
public final class SolrIndex implements VectorStore, KeywordIndex, DocumentCatalog {
    /** The HNSW candidates explored per shard at least, as in the local index: recall rises a lot, latency a little. */
    public static final int MIN_KNN_CANDIDATES = 100;
    private static final int BATCH = 500;
    /** Ids per real-time get, which puts them in the URL. */
    private static final int GET_BATCH = 100;

    private final SolrClient client;
    private final boolean ownsClient;
    private final String collection;
    private final int dimension;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong visible = new AtomicLong();
    /** Writes that must not have a commit in their middle hold the read side; a commit holds the write side. */
    private final ReadWriteLock commits = new ReentrantReadWriteLock();

    private SolrIndex(SolrClient client, boolean ownsClient, String collection, int dimension) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.collection = Objects.requireNonNull(collection, "collection");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        this.dimension = dimension;
    }

    /**
     * An index on {@code collection} (a collection or an alias) through a new SolrCloud client that finds the cluster
     * from these node URLs ({@code http://host:8983/solr}); closing the index closes the client.
     */
    public static SolrIndex connect(List<String> solrUrls, String collection, int dimension) {
        if (solrUrls.isEmpty()) {
            throw new IllegalArgumentException("give at least one Solr node URL, such as http://localhost:8983/solr");
        }
        return new SolrIndex(new CloudHttp2SolrClient.Builder(List.copyOf(solrUrls)).build(), true, collection,
                dimension);
    }

    /** An index on {@code collection} through the caller's client, which the caller closes. */
    public static SolrIndex on(SolrClient client, String collection, int dimension) {
        return new SolrIndex(client, false, collection, dimension);
    }

    /** The collection or alias this index reads and writes. */
    public String collection() {
        return collection;
    }

    /** The vector dimension. */
    public int dimension() {
        return dimension;
    }

    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        commits.readLock().lock();
        try {
            add(chunks, "");
        } finally {
            commits.readLock().unlock();
        }
    }

    private void add(List<EmbeddedChunk> chunks, String hash) {
        send(documents(chunks, hash));
    }

    /** Sends documents in batches of {@link #BATCH}. */
    private void send(List<SolrInputDocument> docs) {
        for (int from = 0; from < docs.size(); from += BATCH) {
            UpdateRequest r = new UpdateRequest();
            r.add(docs.subList(from, Math.min(docs.size(), from + BATCH)));
            update(r, "add");
        }
    }

    /** Every chunk as a Solr document, all checked before any is sent. */
    private List<SolrInputDocument> documents(List<EmbeddedChunk> chunks, String hash) {
        List<SolrInputDocument> docs = new ArrayList<>(chunks.size());
        for (EmbeddedChunk ec : chunks) {
            checkDimension(ec.vector().length, "chunk " + ec.chunk().id());
            docs.add(SolrFields.toDocument(ec, hash));
        }
        return docs;
    }

    @Override
    public void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
        for (EmbeddedChunk ec : chunks) {
            if (!ec.chunk().documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + ec.chunk().id() + " belongs to document "
                        + ec.chunk().documentId() + ", not " + documentId);
            }
        }
        List<SolrInputDocument> docs = documents(chunks, contentHash); // a bad chunk fails before the delete
        commits.readLock().lock();
        try {
            // SolrJ sends a request's routed adds before its broadcast delete-by-query, so the two go separately
            deleteQuery(SolrFields.DOC + ":" + SolrFields.quoted(documentId));
            send(docs);
        } finally {
            commits.readLock().unlock();
        }
    }

    @Override
    public long deleteDocument(String documentId) {
        deleteQuery(SolrFields.DOC + ":" + SolrFields.quoted(documentId));
        return -1;
    }

    @Override
    public void deleteDocuments(Collection<String> documentIds) {
        List<String> ids = List.copyOf(documentIds);
        for (int from = 0; from < ids.size(); from += BATCH) {
            StringBuilder q = new StringBuilder(SolrFields.DOC).append(":(");
            for (int i = from; i < Math.min(ids.size(), from + BATCH); i++) {
                q.append(i > from ? " OR " : "").append(SolrFields.quoted(ids.get(i)));
            }
            deleteQuery(q.append(')').toString());
        }
    }

    @Override
    public long deleteWhere(MetadataFilter filter) {
        String fq = SolrFields.filterQuery(filter);
        deleteQuery(fq == null ? "*:*" : fq);
        return -1;
    }

    private void deleteQuery(String query) {
        UpdateRequest r = new UpdateRequest();
        r.deleteByQuery(query);
        update(r, "delete");
    }

    private void update(UpdateRequest r, String operation) {
        try {
            r.process(client, collection);
            written.incrementAndGet();
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new SolrIndexException(collection, operation, e);
        }
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
        checkDimension(vector.length, "the query vector");
        if (topK <= 0) {
            return List.of();
        }
        ModifiableSolrParams p = params(filter, topK);
        p.set("q", "{!knn f=" + SolrFields.VECTOR + " topK=" + Math.max(topK, MIN_KNN_CANDIDATES) + "}"
                + SolrFields.vectorLiteral(vector));
        return scored(query(p, "vector search"), true);
    }

    @Override
    public List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        String q = SolrFields.keywordQuery(text);
        if (q.isEmpty() || topK <= 0) {
            return List.of();
        }
        ModifiableSolrParams p = params(filter, topK);
        p.set("q", q);
        p.set("defType", "lucene");
        p.set("df", SolrFields.TEXT);
        p.set("q.op", "OR");
        return scored(query(p, "keyword search"), false);
    }

    private static ModifiableSolrParams params(MetadataFilter filter, int rows) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("rows", rows);
        p.set("fl", SolrFields.CHUNK_FIELDS);
        String fq = SolrFields.filterQuery(filter);
        if (fq != null) {
            p.set("fq", fq);
        }
        return p;
    }

    private static List<ScoredChunk> scored(SolrDocumentList docs, boolean cosine) {
        List<ScoredChunk> out = new ArrayList<>(docs.size());
        for (SolrDocument d : docs) {
            float score = ((Number) d.getFirstValue("score")).floatValue();
            // the cosine similarity of a Lucene vector field scores (1 + cos) / 2
            out.add(new ScoredChunk(SolrFields.toChunk(d), cosine ? 2.0 * score - 1.0 : score));
        }
        return out;
    }

    private SolrDocumentList query(ModifiableSolrParams p, String operation) {
        return response(p, operation).getResults();
    }

    private QueryResponse response(ModifiableSolrParams p, String operation) {
        makeVisible();
        // vectors make long queries: POST keeps them out of the URL
        return idempotent(operation, () -> client.query(collection, p, SolrRequest.METHOD.POST));
    }

    private <T> T idempotent(String operation, Reads.Call<T> call) {
        try {
            return Reads.withRetries(call);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new SolrIndexException(collection, operation, e);
        }
    }

    /** Soft-commits when this instance wrote since its last commit, so its searches see its own writes. */
    private void makeVisible() {
        long target = written.get();
        if (visible.get() >= target) {
            return;
        }
        commits.writeLock().lock();
        try {
            long now = written.get();
            if (visible.get() < now) {
                commit(true);
                visible.set(now);
            }
        } finally {
            commits.writeLock().unlock();
        }
    }

    private void commit(boolean soft) {
        idempotent(soft ? "soft commit" : "commit", () -> client.commit(collection, true, true, soft));
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Map.of();
        }
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("fl", SolrFields.ID + "," + SolrFields.VECTOR);
        List<String> ids = List.copyOf(chunkIds);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += GET_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + GET_BATCH));
            // real-time get: the latest version of each chunk, committed or not
            SolrDocumentList docs = idempotent("real-time get", () -> client.getById(collection, batch, p));
            for (SolrDocument d : docs) {
                float[] v = SolrFields.vectorOf(d);
                if (v != null) {
                    out.put(d.getFirstValue(SolrFields.ID).toString(), v);
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, String> documentHashes(String idPrefix) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", SolrFields.prefixQuery(SolrFields.DOC, idPrefix));
        p.set("rows", 0);
        p.set("json.facet", "{docs:{type:terms,field:" + SolrFields.DOC + ",limit:-1,sort:'index asc',"
                + "facet:{hash:{type:terms,field:" + SolrFields.HASH + ",limit:1}}}}");
        QueryResponse r = response(p, "document catalog");
        Map<String, String> out = new TreeMap<>();
        if (r.getJsonFacetingResponse() == null || r.getJsonFacetingResponse().getBucketBasedFacets("docs") == null) {
            return Map.of();
        }
        for (BucketJsonFacet doc : r.getJsonFacetingResponse().getBucketBasedFacets("docs").getBuckets()) {
            var hashes = doc.getBucketBasedFacets("hash");
            String hash = hashes == null || hashes.getBuckets().isEmpty() ? ""
                    : String.valueOf(hashes.getBuckets().get(0).getVal());
            out.put(String.valueOf(doc.getVal()), hash);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public Optional<String> documentSource(String documentId) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", SolrFields.DOC + ":" + SolrFields.quoted(documentId));
        p.set("rows", 1);
        p.set("fl", SolrFields.SOURCE);
        SolrDocumentList docs = query(p, "document lookup");
        return docs.isEmpty() ? Optional.empty() : Optional.ofNullable(docs.get(0).getFirstValue(SolrFields.SOURCE))
                .map(Object::toString);
    }

    /** The number of chunks in the collection, counting this instance's writes. */
    public long size() {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", "*:*");
        p.set("rows", 0);
        return query(p, "count").getNumFound();
    }

    /** SolrCloud has no rollback: always throws. Re-index into a new collection instead. */
    @Override
    public void rollback() {
        throw new UnsupportedOperationException("SolrCloud cannot roll back writes; rebuild into a new collection "
                + "with SolrCollections.reindex and switch the alias when it is complete");
    }

    /** Hard-commits: every write so far is durable and visible to every reader. */
    @Override
    public void flush() {
        commits.writeLock().lock();
        try {
            long now = written.get();
            commit(false);
            visible.set(now);
        } finally {
            commits.writeLock().unlock();
        }
    }

    /** Does not flush; closes the client when {@link #connect} made it. */
    @Override
    public void close() {
        if (ownsClient) {
            try {
                client.close();
            } catch (IOException e) {
                throw new SolrIndexException(collection, "close", e);
            }
        }
    }

    private void checkDimension(int length, String what) {
        if (length != dimension) {
            throw new IllegalArgumentException(what + " has " + length + " dimensions, the index on '" + collection
                    + "' " + dimension);
        }
    }

    @Override
    public String toString() {
        return "SolrIndex[" + collection + ", dimension=" + dimension + "]";
    }
}
