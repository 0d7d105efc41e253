package dev.llmkit.providers.openai;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.spi.ChatModelProvider;
import dev.llmkit.providers.internal.Env;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code openai:}, {@code azure:}, {@code vllm:} and {@code ollama:} model specs to
 * {@link dev.llmkit.api.ChatModels} and {@link dev.llmkit.api.EmbeddingModels}.
 *
 * <table>
 *   <caption>Settings (property, else environment variable)</caption>
 *   <tr><th>prefix</th><th>base URL</th><th>API key</th></tr>
 *   <tr><td>openai</td><td>{@code base-url}, {@code OPENAI_BASE_URL}, else OpenAI</td><td>{@code api-key}, {@code OPENAI_API_KEY} (required)</td></tr>
 *   <tr><td>azure</td><td>{@code base-url}, {@code AZURE_OPENAI_BASE_URL} (required)</td><td>{@code api-key}, {@code AZURE_OPENAI_API_KEY}; {@code api-version} (default 2024-06-01)</td></tr>
 *   <tr><td>vllm</td><td>{@code base-url}, {@code VLLM_BASE_URL}, else http://localhost:8000/v1</td><td>{@code api-key}, {@code VLLM_API_KEY} (optional)</td></tr>
 *   <tr><td>ollama</td><td>{@code base-url}, {@code OLLAMA_BASE_URL}, else http://localhost:11434/v1</td><td>none</td></tr>
 * </table>
 * Embedding specs ({@link OpenAiCompatibleEmbeddingProvider}) also need {@code dimension}.
 */
public final class OpenAiCompatibleProvider implements ChatModelProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public OpenAiCompatibleProvider() {
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("openai", "azure", "vllm", "ollama");
    }

    record Endpoint(String baseUrl, String apiKey) {
    }

    static Endpoint endpoint(String prefix, Map<String, String> p) {
        return switch (prefix) {
            case "openai" -> {
                String key = Env.get(p, API_KEY, "OPENAI_API_KEY");
                if (key == null) {
                    throw new ConfigurationException("openai: needs an API key: set OPENAI_API_KEY or the '" + API_KEY
                            + "' property");
                }
                String url = Env.get(p, BASE_URL, "OPENAI_BASE_URL");
                yield new Endpoint(url == null ? OpenAiCompatibleChatModel.DEFAULT_BASE_URL : url, key);
            }
            case "azure" -> {
                String url = Env.get(p, BASE_URL, "AZURE_OPENAI_BASE_URL");
                if (url == null) {
                    throw new ConfigurationException("azure: needs the deployment URL: set AZURE_OPENAI_BASE_URL or the '"
                            + BASE_URL + "' property (https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT)");
                }
                yield new Endpoint(url, Env.get(p, API_KEY, "AZURE_OPENAI_API_KEY"));
            }
            case "vllm" -> {
                String url = Env.get(p, BASE_URL, "VLLM_BASE_URL");
                yield new Endpoint(url == null ? "http://localhost:8000/v1" : url, Env.get(p, API_KEY, "VLLM_API_KEY"));
            }
            case "ollama" -> {
                String url = Env.get(p, BASE_URL, "OLLAMA_BASE_URL");
                yield new Endpoint(url == null ? "http://localhost:11434/v1" : url, null);
            }
            default -> throw new ConfigurationException("unsupported prefix " + prefix);
        };
    }

    @Override
    public ChatModel create(String prefix, String model, Map<String, String> properties) {
        Endpoint e = endpoint(prefix, properties);
        OpenAiCompatibleChatModel.Builder b = OpenAiCompatibleChatModel.builder()
                .baseUrl(e.baseUrl()).apiKey(e.apiKey()).model(model).provider(prefix);
        if (prefix.equals("azure")) {
            b.azureApiVersion(properties.getOrDefault("api-version", "2024-06-01"));
        }
        return b.build();
    }
}
