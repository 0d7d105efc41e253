package dev.llmkit.examples.readme;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.rag.DenseRetriever;
import dev.llmkit.rag.GroundedAnswer;
import dev.llmkit.rag.GroundedAnswerer;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.resilience.Fallback;
import dev.llmkit.resilience.Resilient;
import dev.llmkit.resilience.RetryConfig;
import java.nio.file.Path;

/** The README's example: a resilient model answering from your documents with citations. */
public final class ReadmeExample {
    private ReadmeExample() {}

    /** Answers {@code question} from the documents in {@code docs} with the model at {@code baseUrl}. */
    public static GroundedAnswer answer(String baseUrl, Path docs, Path indexDir, String question) {
        ChatModel vllm = OpenAiCompatibleChatModel.builder().baseUrl(baseUrl).model("qwen2.5-7b").build();
        ChatModel model = Resilient.builder()                           // Fallback(Retry(Breaker(Bulkhead(Timeouts))))
                .retry(RetryConfig.attempts(4))
                .fallback(Fallback.staticAnswer("The assistant is busy; please try again."))
                .build(vllm);

        EmbeddingModel embeddings = LocalEmbeddings.bgeSmallEnV15();    // in-process, no network
        try (LuceneIndex index = LuceneIndex.open(indexDir, embeddings.info().model(), embeddings.dimension())) {
            Ingestor.builder(index, embeddings).build().ingest(docs);   // skips unchanged files
            Retriever hybrid = HybridRetriever.defaults(index, embeddings); // dense + feedback, fused with BM25
            return GroundedAnswerer.builder(model, hybrid).evidence(new DenseRetriever(index, embeddings)).build()
                    .answer(question);
        }
    }
}
