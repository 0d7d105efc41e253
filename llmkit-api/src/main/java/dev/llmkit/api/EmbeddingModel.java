package dev.llmkit.api;

import java.util.List;

/**
 * Turns text into vectors. Implementations are thread-safe.
 *
 * <pre>{@code
 * float[] v = embeddings.embed("circuit breaker");
 * List<float[]> vs = embeddings.embedAll(List.of("a", "b"));
 * }</pre>
 *
 * <p>Some models embed queries differently from passages (bge-small-en-v1.5 prefixes queries with an
 * instruction): those override {@link #embedQuery(String)}; for the rest it is {@link #embed(String)}.
 */
public interface EmbeddingModel {

    /**
     * Embeds passages, one vector per text, in order. Each vector has {@link #dimension()} entries.
     *
     * @throws dev.llmkit.api.error.LlmException when the model fails
     */
    List<float[]> embedAll(List<String> texts);

    /** The length of every vector this model returns. */
    int dimension();

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
