package dev.llmkit.api.rag;

import java.util.List;

/**
 * Finds chunks by the words of a query (BM25 or a similar lexical scorer): the role behind keyword retrieval
 * ({@code Bm25Retriever}) and the lexical half of hybrid retrieval. Usually implemented by the same object as its
 * {@link VectorStore} (the Lucene index, SolrCloud), so both halves see the same chunks. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface KeywordIndex {

    /**
     * The {@code topK} chunks that best match the words of {@code text} among those matching {@code filter}, best
     * first; empty when no chunk shares a searchable word with the text. Scores are the index's lexical scores (BM25
     * for the Lucene index), comparable only within one result list.
     */
    List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter);
}
