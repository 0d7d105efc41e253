package dev.llmkit.testing;

import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.contract.DocumentCatalogContract;
import dev.llmkit.testing.contract.KeywordIndexContract;
import dev.llmkit.testing.contract.VectorStoreContract;
import org.junit.jupiter.api.Nested;

class InMemoryVectorStoreContractTest {

    @Nested
    class AsVectorStore extends VectorStoreContract {
        @Override
        protected VectorStore newStore() {
            return new InMemoryVectorStore(3);
        }
    }

    @Nested
    class AsKeywordIndex extends KeywordIndexContract<InMemoryVectorStore> {
        @Override
        protected InMemoryVectorStore newStore() {
            return new InMemoryVectorStore(3);
        }
    }

    @Nested
    class AsDocumentCatalog extends DocumentCatalogContract<InMemoryVectorStore> {
        @Override
        protected InMemoryVectorStore newStore() {
            return new InMemoryVectorStore(3);
        }
    }
}
