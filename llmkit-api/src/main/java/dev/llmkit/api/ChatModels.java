package dev.llmkit.api;

import dev.llmkit.api.spi.ChatModelProvider;
import dev.llmkit.api.spi.ProviderLookup;
import java.util.Map;

/**
 * Creates chat models from a spec such as {@code "openai:gpt-4o-mini"}, finding the provider on the classpath
 * through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * ChatModel model = ChatModels.create("vllm:qwen2.5-7b", Map.of(ChatModelProvider.BASE_URL, "http://gpu-1:8000/v1"));
 * }</pre>
 */
public final class ChatModels {
    private static final ProviderLookup<ChatModelProvider> LOOKUP =
            new ProviderLookup<>(ChatModelProvider.class, ChatModelProvider::prefixes);

    private ChatModels() {}

    /**
     * Creates the model a spec names.
     *
     * @param spec {@code prefix:model}
     * @param properties provider settings; see {@link ChatModelProvider}
     * @throws dev.llmkit.api.error.ConfigurationException for a malformed spec, an unknown prefix or bad settings
     */
    public static ChatModel create(String spec, Map<String, String> properties) {
        Map.Entry<String, String> parts = ProviderLookup.split(spec);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ChatModelProvider provider = LOOKUP.find(parts.getKey(), loader != null ? loader : ChatModels.class.getClassLoader());
        return provider.create(parts.getKey(), parts.getValue(), Map.copyOf(properties));
    }

    /** Creates the model a spec names, with settings from the environment only. */
    public static ChatModel create(String spec) {
        return create(spec, Map.of());
    }
}
