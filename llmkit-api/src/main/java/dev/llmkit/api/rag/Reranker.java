package dev.llmkit.api.rag;

import java.util.List;

/**
 * Re-orders candidate chunks for a query, usually with a slower, better model than the first-stage retriever.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Reranker {

    /**
     * Returns the candidates re-scored and sorted best first; may drop candidates but never adds any.
     */
    List<ScoredChunk> rerank(Query query, List<ScoredChunk> candidates);
}
