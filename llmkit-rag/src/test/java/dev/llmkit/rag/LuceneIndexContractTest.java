package dev.llmkit.rag;

import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.contract.VectorStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class LuceneIndexContractTest extends VectorStoreContract {
    private final List<LuceneIndex> open = new ArrayList<>();

    @Override
    protected VectorStore newStore() {
        LuceneIndex index = LuceneIndex.inMemory("test", 3);
        open.add(index);
        return index;
    }

    @AfterEach
    void close() {
        open.forEach(LuceneIndex::close);
    }
}
