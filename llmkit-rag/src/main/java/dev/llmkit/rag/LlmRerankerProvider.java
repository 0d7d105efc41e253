package dev.llmkit.rag;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatModels;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Reranker;
import dev.llmkit.api.spi.RerankerProvider;
import java.util.Map;

/**
 * Registers {@link LlmReranker} as the reranker plug-in {@value #NAME}: the chat model is created from the spec in
 * {@value #CHAT_MODEL} with {@link ChatModels#create(String, Map)} (given all the settings, so an API key or base URL
 * reaches it).
 *
 * <pre>{@code
 * Reranker llm = Plugins.reranker("llm", Map.of("chat-model", "openai:gpt-4o-mini", "top-n", "20"));
 * }</pre>
 */
public final class LlmRerankerProvider implements RerankerProvider {
    /** The plug-in's name. */
    public static final String NAME = "llm";
    /** Setting (required): the chat model spec, e.g. {@code openai:gpt-4o-mini}. */
    public static final String CHAT_MODEL = "chat-model";
    /** Setting: how many candidates the model sees; default {@value #DEFAULT_TOP_N}. */
    public static final String TOP_N = "top-n";
    /** Default of {@link #TOP_N}. */
    public static final int DEFAULT_TOP_N = 20;

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public LlmRerankerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Reranker create(Map<String, String> properties) {
        String spec = PluginSettings.required(NAME, properties, CHAT_MODEL);
        int topN = PluginSettings.intValue(NAME, properties, TOP_N, DEFAULT_TOP_N);
        if (topN < 1) {
            throw new ConfigurationException("The llm reranker plug-in needs top-n >= 1, got " + topN);
        }
        ChatModel model = ChatModels.create(spec, properties);
        return PluginSettings.build(NAME, () -> new LlmReranker(model, topN));
    }
}
