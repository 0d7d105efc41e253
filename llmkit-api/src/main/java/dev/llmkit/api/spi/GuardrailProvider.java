package dev.llmkit.api.spi;

import dev.llmkit.api.guardrail.Guardrail;
import java.util.Map;

/**
 * Creates {@link Guardrail}s by name (PII masking, prompt-injection detection, a moderation service), so a chain can
 * be configured from names.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.llmkit.api.spi.GuardrailProvider};
 * {@link Plugins} finds it by {@link #name()} with {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor. Two registrations with one name are an error ({@link DuplicatePluginException}).
 *
 * <pre>{@code
 * Guardrail pii = Plugins.guardrail("pii", Map.of());
 * }</pre>
 */
public interface GuardrailProvider {

    /** The plug-in's name, unique among GuardrailProviders, lower case, e.g. {@code pii}. */
    String name();

    /**
     * Creates one instance.
     *
     * @param properties settings; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    Guardrail create(Map<String, String> properties);
}
