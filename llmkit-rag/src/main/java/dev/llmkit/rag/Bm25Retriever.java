package dev.llmkit.rag;

import dev.llmkit.api.event.RetrievalListener;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.List;
import java.util.Objects;

/**
 * Lexical retrieval over a {@link KeywordIndex}: BM25 over the chunks' text (English analyzer) for the
 * {@link LuceneIndex}, the store's own keyword scorer for another, with metadata filters.
 */
public final class Bm25Retriever implements Retriever {
    private final KeywordIndex index;
    private final RetrievalListener listener;

    /** A BM25 retriever over {@code index}. */
    public Bm25Retriever(KeywordIndex index) {
        this(index, RetrievalListener.NONE);
    }

    private Bm25Retriever(KeywordIndex index, RetrievalListener listener) {
        this.index = Objects.requireNonNull(index, "index");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A copy that reports each search to {@code listener} once, as retriever {@code bm25}; an exception it throws is
     * logged at WARN and never breaks the retrieval.
     */
    public Bm25Retriever withListener(RetrievalListener listener) {
        return new Bm25Retriever(index, listener);
    }

    @Override
    public List<ScoredChunk> retrieve(Query query) {
        return RetrievalReport.timed(listener, this, query,
                () -> index.searchText(query.text(), query.topK(), query.filter()));
    }

    @Override
    public String toString() {
        return "bm25";
    }
}
