package dev.llmkit.rag;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.rag.internal.IndexSchema;
import dev.llmkit.rag.internal.IndexSearch;
import java.io.IOException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.jspecify.annotations.Nullable;

/**
 * One point-in-time view of a {@link LuceneIndex} (see {@link LuceneIndex#withSnapshot}): ranks chunks by Lucene doc
 * number without loading stored fields, and loads only the chunks asked for. Doc numbers stay valid for the view.
 */
final class IndexSnapshot {
    private final IndexSearch search;
    private final IndexSearcher searcher;

    IndexSnapshot(IndexSearch search, IndexSearcher searcher) {
        this.search = search;
        this.searcher = searcher;
    }

    /** A call over one point-in-time view of the index. */
    interface Call<T> {
        T call(IndexSnapshot snapshot) throws IOException;
    }

    /** The nearest chunks as (doc, score) with raw Lucene scores; see {@link #cosineOf(float)}. */
    ScoreDoc[] vectorHits(float[] vector, int topK, MetadataFilter filter) throws IOException {
        return searcher.search(search.knnQuery(vector, topK, filter), topK).scoreDocs;
    }

    /** The cosine a raw vector-hit score stands for, as {@link LuceneIndex#search} reports it. */
    double cosineOf(float score) {
        return IndexSearch.cosine(score);
    }

    /** The best BM25 chunks as (doc, score). */
    ScoreDoc[] textHits(String text, int topK, MetadataFilter filter) throws IOException {
        Query q = search.textQuery(text, filter);
        return q == null ? new ScoreDoc[0] : searcher.search(q, topK).scoreDocs;
    }

    /** The stored vector of a doc, or null. */
    float @Nullable [] vector(int doc) throws IOException {
        return IndexSearch.vectorOf(searcher, doc);
    }

    /** The chunk stored in a doc. */
    Chunk chunk(int doc) throws IOException {
        return IndexSchema.toChunk(searcher.storedFields().document(doc));
    }
}
