package dev.llmkit.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns text into vectors. Implementations are thread-safe.
 *
 * <pre>{@code
 * float[] v = embeddings.embed("circuit breaker");
 * List<float[]> vs = embeddings.embedAll(List.of("a", "b"));
 * Embeddings batch = embeddings.embedBatch(passages);              // vectors plus token usage, for cost
 * embeddings.embedBatchAsync(passages).thenAccept(index::add);      // the same without blocking
 * }</pre>
 *
 * <p><b>Batches.</b> {@link #maxBatchSize()} is the most texts the model sends to its engine at once; callers that
 * batch (an ingest pipeline) can size their batches by it. It is not a limit on the caller: {@code embedAll},
 * {@code embedBatch} and {@code embedBatchAsync} accept any number of texts, and an implementation splits a larger
 * list into batches of at most {@code maxBatchSize()} itself, keeping the input order.
 *
 * <p><b>Usage.</b> Models that count tokens (remote servers that report {@code usage}, the in-process models that
 * run their own tokenizer) override {@link #embedBatch(List)}; for the others its result has unknown usage.
 *
 * <p>Some models embed queries differently from passages (bge-small-en-v1.5 prefixes queries with an
 * instruction): those override {@link #embedQuery(String)}; for the rest it is {@link #embed(String)}.
 */
public interface EmbeddingModel {

    /**
     * What {@link #maxBatchSize()} returns for a model that states no limit: OpenAI's limit of inputs per
     * {@code /v1/embeddings} request.
     */
    int DEFAULT_MAX_BATCH_SIZE = 2048;

    /**
     * Embeds passages, one vector per text, in order. Each vector has {@link #dimension()} entries. Any number of texts
     * is accepted (see {@link #maxBatchSize()}).
     *
     * @throws dev.llmkit.api.error.LlmException when the model fails
     */
    List<float[]> embedAll(List<String> texts);

    /** The length of every vector this model returns. */
    int dimension();

    /**
     * Embeds passages like {@link #embedAll(List)} and returns the vectors with the tokens the model read and the
     * model's name. By default the vectors of {@code embedAll} with usage {@linkplain Embeddings#usageKnown() unknown};
     * models that count tokens override it.
     *
     * @throws dev.llmkit.api.error.LlmException when the model fails
     */
    default Embeddings embedBatch(List<String> texts) {
        return Embeddings.of(embedAll(texts), info().model());
    }

    /**
     * {@link #embedBatch(List)} without blocking the caller. The future completes with the result, or exceptionally
     * with the same typed {@link dev.llmkit.api.error.LlmException} {@code embedBatch} would throw ({@code join()}
     * wraps it in a {@link java.util.concurrent.CompletionException}, {@code get()} in an
     * {@link java.util.concurrent.ExecutionException}).
     *
     * <p>By default {@code embedBatch} runs on {@link EmbeddingModels#asyncExecutor()}, a shared pool of daemon threads
     * that grows with demand (the blocking calls never run on the common {@code ForkJoinPool}). Cancelling the returned
     * future (not one derived from it) before it completes interrupts that thread, so an implementation that honours
     * interruption stops; models with their own asynchronous I/O override this method and cancel the request instead.
     * {@code texts} is copied when the call is made.
     */
    default CompletableFuture<Embeddings> embedBatchAsync(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        return EmbeddingModels.supplyAsync(() -> embedBatch(copy), EmbeddingModels.asyncExecutor());
    }

    /**
     * The most texts this model sends to its engine in one batch: a server's limit on inputs per request, or what an
     * in-process model runs at once. Larger lists are still accepted and split. Default
     * {@value #DEFAULT_MAX_BATCH_SIZE}.
     */
    default int maxBatchSize() {
        return DEFAULT_MAX_BATCH_SIZE;
    }

    /** Embeds one passage. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Embeds a search query; models with a query instruction override this. */
    default float[] embedQuery(String query) {
        return embed(query);
    }

    /** What this model is; its {@code model} names the cache key space for embedding caches. */
    default ModelInfo info() {
        return ModelInfo.unknown(getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName());
    }
}
