package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.EmbeddingModels;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Reranker;
import dev.llmkit.api.spi.RerankerProvider;
import java.util.Map;

/**
 * Registers {@link EmbeddingReranker} as the reranker plug-in {@value #NAME}: the embedding model is created from the
 * spec in {@value #EMBEDDING_MODEL} with {@link EmbeddingModels#create(String, Map)} (given all the settings, so an
 * API key or base URL reaches it).
 *
 * <pre>{@code
 * Reranker mmr = Plugins.reranker("embedding", Map.of("embedding-model", "local:bge-small-en-v1.5", "lambda", "0.7"));
 * }</pre>
 */
public final class EmbeddingRerankerProvider implements RerankerProvider {
    /** The plug-in's name. */
    public static final String NAME = "embedding";
    /** Setting (required): the embedding model spec, e.g. {@code local:bge-small-en-v1.5}. */
    public static final String EMBEDDING_MODEL = "embedding-model";
    /** Setting: how many candidates are re-scored; default {@value #DEFAULT_TOP_N}. */
    public static final String TOP_N = "top-n";
    /** Setting: relevance against diversity, 1.0 pure relevance; default {@value #DEFAULT_LAMBDA}. */
    public static final String LAMBDA = "lambda";
    /** Default of {@link #TOP_N}. */
    public static final int DEFAULT_TOP_N = 30;
    /** Default of {@link #LAMBDA}. */
    public static final double DEFAULT_LAMBDA = 1.0;

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public EmbeddingRerankerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Reranker create(Map<String, String> properties) {
        String spec = PluginSettings.required(NAME, properties, EMBEDDING_MODEL);
        int topN = PluginSettings.intValue(NAME, properties, TOP_N, DEFAULT_TOP_N);
        double lambda = PluginSettings.doubleValue(NAME, properties, LAMBDA, DEFAULT_LAMBDA);
        if (topN < 1 || !(lambda >= 0 && lambda <= 1)) {
            throw new ConfigurationException("The embedding reranker plug-in needs top-n >= 1 and lambda in [0, 1],"
                    + " got " + topN + " and " + lambda);
        }
        EmbeddingModel model = EmbeddingModels.create(spec, properties);
        return PluginSettings.build(NAME, () -> new EmbeddingReranker(model, topN, lambda));
    }
}
