package dev.llmkit.solr;

import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.contract.DocumentCatalogContract;
import dev.llmkit.testing.contract.KeywordIndexContract;
import dev.llmkit.testing.contract.VectorStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store contracts against a real two-node SolrCloud: one collection of 2 shards with 2 replicas each. */
@ExtendWith(SolrTestCluster.class)
class SolrIndexContractTest {
    private static String collection;

    @BeforeAll
    static void createCollection() {
        collection = SolrTestCluster.uniqueName("contract");
        SolrCollections.on(SolrTestCluster.get().client()).create(collection, 3, SolrCollections.Layout.of(2, 2));
    }

    /** An empty index on the shared collection: emptied, not re-created, so the suite runs in seconds. */
    static SolrIndex emptyIndex() {
        SolrIndex index = SolrIndex.on(SolrTestCluster.get().client(), collection, 3);
        index.deleteWhere(MetadataFilter.ALL);
        index.flush();
        return index;
    }

    @Nested
    class AsVectorStore extends VectorStoreContract {
        @Override
        protected VectorStore newStore() {
            return emptyIndex();
        }
    }

    @Nested
    class AsKeywordIndex extends KeywordIndexContract<SolrIndex> {
        @Override
        protected SolrIndex newStore() {
            return emptyIndex();
        }
    }

    @Nested
    class AsDocumentCatalog extends DocumentCatalogContract<SolrIndex> {
        @Override
        protected SolrIndex newStore() {
            return emptyIndex();
        }
    }
}
