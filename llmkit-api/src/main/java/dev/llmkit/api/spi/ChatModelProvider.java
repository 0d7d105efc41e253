package dev.llmkit.api.spi;

import dev.llmkit.api.ChatModel;
import java.util.Map;
import java.util.Set;

/**
 * Creates chat models for one or more prefixes of a model spec such as {@code "openai:gpt-4o-mini"}. Register an
 * implementation in {@code META-INF/services/dev.llmkit.api.spi.ChatModelProvider}; {@link dev.llmkit.api.ChatModels}
 * finds it with {@link java.util.ServiceLoader}. Implementations need a public no-argument constructor.
 */
public interface ChatModelProvider {

    /** Property: the API key. Providers fall back to their usual environment variable, e.g. {@code OPENAI_API_KEY}. */
    String API_KEY = "api-key";
    /** Property: the base URL, e.g. {@code http://localhost:8000/v1}. */
    String BASE_URL = "base-url";

    /** The prefixes this provider serves, lower case, e.g. {@code openai} and {@code vllm}. */
    Set<String> prefixes();

    /**
     * Creates a model.
     *
     * @param prefix the spec's prefix, one of {@link #prefixes()}
     * @param model the part of the spec after the first colon
     * @param properties settings such as {@link #API_KEY} and {@link #BASE_URL}; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    ChatModel create(String prefix, String model, Map<String, String> properties);
}
