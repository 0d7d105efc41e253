package dev.llmkit.providers.anthropic;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.spi.ChatModelProvider;
import dev.llmkit.providers.internal.Env;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code anthropic:MODEL} specs: the key from {@code api-key} or {@code ANTHROPIC_API_KEY}, the base URL from
 * {@code base-url} or {@code ANTHROPIC_BASE_URL}, else Anthropic's.
 */
public final class AnthropicProvider implements ChatModelProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public AnthropicProvider() {
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("anthropic");
    }

    @Override
    public ChatModel create(String prefix, String model, Map<String, String> properties) {
        String url = Env.get(properties, BASE_URL, "ANTHROPIC_BASE_URL");
        return AnthropicChatModel.builder()
                .apiKey(Env.get(properties, API_KEY, "ANTHROPIC_API_KEY"))
                .baseUrl(url == null ? AnthropicChatModel.DEFAULT_BASE_URL : url)
                .model(model)
                .build();
    }
}
