package dev.llmkit.rag;

import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.contract.DocumentCatalogContract;
import dev.llmkit.testing.contract.KeywordIndexContract;
import dev.llmkit.testing.contract.VectorStoreContract;
import org.junit.jupiter.api.Nested;

class LuceneIndexContractTest {

    @Nested
    class AsVectorStore extends VectorStoreContract {
        @Override
        protected VectorStore newStore() {
            return LuceneIndex.inMemory("test", 3);
        }
    }

    @Nested
    class AsKeywordIndex extends KeywordIndexContract<LuceneIndex> {
        @Override
        protected LuceneIndex newStore() {
            return LuceneIndex.inMemory("test", 3);
        }
    }

    @Nested
    class AsDocumentCatalog extends DocumentCatalogContract<LuceneIndex> {
        @Override
        protected LuceneIndex newStore() {
            return LuceneIndex.inMemory("test", 3);
        }
    }
}
