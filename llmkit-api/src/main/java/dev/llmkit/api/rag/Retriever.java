package dev.llmkit.api.rag;

import java.util.List;

/**
 * Finds the chunks most relevant to a query. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Retriever {

    /**
     * Returns at most {@code query.topK()} chunks matching {@code query.filter()}, best first.
     *
     * @throws dev.llmkit.api.error.LlmException when the index or the embedding model fails
     */
    List<ScoredChunk> retrieve(Query query);

    /** Retrieves the default number of chunks for a text. */
    default List<ScoredChunk> retrieve(String text) {
        return retrieve(Query.of(text));
    }
}
