package dev.llmkit.api.spi;

import dev.llmkit.api.TokenCounter;
import java.util.Map;

/**
 * Creates {@link TokenCounter}s by name: {@code estimator} (in {@code llmkit-api}, {@link TokenCounter#estimator()}),
 * or an exact tokenizer of your own.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.llmkit.api.spi.TokenCounterProvider};
 * {@link Plugins} finds it by {@link #name()} with {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor. Two registrations with one name are an error ({@link DuplicatePluginException}).
 *
 * <pre>{@code
 * TokenCounter counter = Plugins.tokenCounter("estimator", Map.of());
 * }</pre>
 */
public interface TokenCounterProvider {

    /** The plug-in's name, unique among TokenCounterProviders, lower case, e.g. {@code estimator}. */
    String name();

    /**
     * Creates one instance.
     *
     * @param properties settings; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    TokenCounter create(Map<String, String> properties);
}
