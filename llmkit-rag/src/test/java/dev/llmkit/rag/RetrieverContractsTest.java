package dev.llmkit.rag;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import dev.llmkit.testing.contract.RetrieverContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

class RetrieverContractsTest {
    private static final FakeEmbeddingModel EMBEDDINGS = new FakeEmbeddingModel(256);
    private static final List<LuceneIndex> OPEN = new ArrayList<>();

    static LuceneIndex indexOf(List<Document> docs) {
        LuceneIndex index = LuceneIndex.inMemory("fake", EMBEDDINGS.dimension());
        OPEN.add(index);
        Ingestor.builder(index, EMBEDDINGS).build().ingest(docs);
        return index;
    }

    @AfterEach
    void close() {
        OPEN.forEach(LuceneIndex::close);
        OPEN.clear();
    }

    @Nested
    class Bm25 extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            return new Bm25Retriever(indexOf(documents));
        }
    }

    @Nested
    class Dense extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            return new DenseRetriever(indexOf(documents), EMBEDDINGS);
        }
    }

    @Nested
    class HybridWeighted extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            LuceneIndex index = indexOf(documents);
            return HybridRetriever.builder(new DenseRetriever(index, EMBEDDINGS), new Bm25Retriever(index)).build();
        }
    }

    @Nested
    class HybridRrf extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            LuceneIndex index = indexOf(documents);
            return HybridRetriever.builder(new DenseRetriever(index, EMBEDDINGS), new Bm25Retriever(index)).rrf(60)
                    .build();
        }
    }

    static InMemoryVectorStore memoryOf(List<Document> docs) {
        InMemoryVectorStore store = new InMemoryVectorStore(EMBEDDINGS.dimension());
        Ingestor.builder(store, EMBEDDINGS).build().ingest(docs);
        return store;
    }

    @Nested
    class HybridDefaults extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            return HybridRetriever.defaults(indexOf(documents), EMBEDDINGS);
        }
    }

    @Nested
    class Bm25OverMemory extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            return new Bm25Retriever(memoryOf(documents));
        }
    }

    @Nested
    class DenseWithFeedbackOverMemory extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            return new DenseRetriever(memoryOf(documents), EMBEDDINGS).withFeedback(2, 0.5);
        }
    }

    @Nested
    class HybridDefaultsOverMemory extends RetrieverContract {
        @Override
        protected Retriever retrieverOver(List<Document> documents) {
            return HybridRetriever.defaults(memoryOf(documents), EMBEDDINGS);
        }
    }
}
