package dev.llmkit.rag;

import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.List;
import java.util.Objects;

/** Lexical retrieval: Lucene BM25 over the chunks' text (English analyzer), with metadata filters. */
public final class Bm25Retriever implements Retriever {
    private final LuceneIndex index;

    /** A BM25 retriever over {@code index}. */
    public Bm25Retriever(LuceneIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    @Override
    public List<ScoredChunk> retrieve(Query query) {
        return index.searchText(query.text(), query.topK(), query.filter());
    }

    @Override
    public String toString() {
        return "bm25";
    }
}
