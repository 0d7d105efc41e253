package dev.llmkit.api.spi;

import dev.llmkit.api.rag.Reranker;
import java.util.Map;

/**
 * Creates {@link Reranker}s by name: {@code embedding} and {@code llm} (in {@code llmkit-rag}), or your own (a
 * cross-encoder, a hosted rerank API).
 *
 * <p>Register an implementation in {@code META-INF/services/dev.llmkit.api.spi.RerankerProvider};
 * {@link Plugins} finds it by {@link #name()} with {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor. Two registrations with one name are an error ({@link DuplicatePluginException}).
 *
 * <pre>{@code
 * Reranker mmr = Plugins.reranker("embedding", Map.of("embedding-model", "local:bge-small-en-v1.5", "lambda", "0.7"));
 * }</pre>
 */
public interface RerankerProvider {

    /** The plug-in's name, unique among RerankerProviders, lower case, e.g. {@code embedding}. */
    String name();

    /**
     * Creates one instance.
     *
     * @param properties settings; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    Reranker create(Map<String, String> properties);
}
