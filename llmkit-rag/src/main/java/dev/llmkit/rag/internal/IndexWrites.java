package dev.llmkit.rag.internal;

import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;

/**
 * The write side of an llmkit Lucene index: the one {@link IndexWriter} of a directory (it holds the directory's write
 * lock and never commits on close), chunk upserts, per-document replaces and deletes, and commits. Writes are
 * buffered; the caller refreshes its searches when it needs them to see the writes.
 */
public final class IndexWrites {
    private final IndexWriter writer;
    private final int dimension;

    private IndexWrites(IndexWriter writer, int dimension) {
        this.writer = writer;
        this.dimension = dimension;
    }

    /**
     * Opens the writer of {@code directory}, creating the index if absent.
     *
     * @throws org.apache.lucene.store.LockObtainFailedException when another writer holds the directory
     */
    public static IndexWrites open(Directory directory, Analyzer analyzer, int dimension) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(64);
        return new IndexWrites(new IndexWriter(directory, config), dimension);
    }

    /** A searcher manager that sees this writer's buffered writes at each refresh. */
    public SearcherManager newSearcherManager() throws IOException {
        return new SearcherManager(writer, null);
    }

    /**
     * Adds chunks, replacing any with the same id, as one atomic block; every chunk is validated before any is written.
     *
     * @return whether anything was written (false for no chunks)
     */
    public boolean upsert(List<EmbeddedChunk> chunks) {
        Map<String, Document> docs = new LinkedHashMap<>();
        for (EmbeddedChunk c : chunks) {
            docs.put(c.chunk().id(), IndexSchema.toDocument(c, "", dimension));
        }
        if (docs.isEmpty()) {
            return false;
        }
        List<BytesRef> ids = docs.keySet().stream().map(BytesRef::new).toList();
        try {
            writer.updateDocuments(new TermInSetQuery(IndexSchema.ID, ids), docs.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /** Replaces every chunk of a document with {@code chunks}, atomically for readers, recording its content hash. */
    public void replaceDocument(String documentId, String contentHash, List<EmbeddedChunk> chunks) {
        List<Document> docs = new ArrayList<>(chunks.size());
        for (EmbeddedChunk c : chunks) {
            if (!c.chunk().documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + c.chunk().id() + " belongs to " + c.chunk().documentId()
                        + ", not " + documentId);
            }
            docs.add(IndexSchema.toDocument(c, contentHash, dimension));
        }
        try {
            writer.updateDocuments(new Term(IndexSchema.DOC, documentId), docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every chunk of a document. */
    public void deleteDocument(String documentId) throws IOException {
        writer.deleteDocuments(new Term(IndexSchema.DOC, documentId));
    }

    /** Removes every chunk of these documents. */
    public void deleteDocuments(Collection<String> documentIds) {
        if (documentIds.isEmpty()) {
            return;
        }
        try {
            writer.deleteDocuments(new TermInSetQuery(IndexSchema.DOC, documentIds.stream().map(BytesRef::new).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every chunk whose metadata matches {@code filter}. */
    public void deleteWhere(MetadataFilter filter) throws IOException {
        org.apache.lucene.search.Query q = LuceneFilters.toQuery(filter);
        writer.deleteDocuments(q == null ? new MatchAllDocsQuery() : q);
    }

    /** Makes every write so far durable in one commit carrying {@code data}. */
    public void commit(Map<String, String> data) throws IOException {
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    /** Whether there are writes since the last commit. */
    public boolean hasUncommittedChanges() {
        return writer.hasUncommittedChanges();
    }

    /** Discards the writes since the last commit and closes the writer, releasing the write lock. */
    public void rollback() throws IOException {
        writer.rollback();
    }
}
