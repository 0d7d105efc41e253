package dev.llmkit.api.spi;

import dev.llmkit.api.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds the provider for a model spec {@code prefix:model} among the {@link ServiceLoader} registrations of one
 * provider type. Used by {@link dev.llmkit.api.ChatModels} and {@link dev.llmkit.api.EmbeddingModels}.
 *
 * @param <P> the provider type
 */
public final class ProviderLookup<P> {
    private final Class<P> type;
    private final Function<P, Set<String>> prefixes;

    /**
     * Creates a lookup.
     *
     * @param type the provider interface
     * @param prefixes reads a provider's prefixes
     */
    public ProviderLookup(Class<P> type, Function<P, Set<String>> prefixes) {
        this.type = Objects.requireNonNull(type, "type");
        this.prefixes = Objects.requireNonNull(prefixes, "prefixes");
    }

    /**
     * Splits a spec into prefix and model.
     *
     * @throws ConfigurationException when the spec has no {@code prefix:model} shape
     */
    public static Map.Entry<String, String> split(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new ConfigurationException("Model spec '" + spec
                    + "' must look like 'provider:model', e.g. 'openai:gpt-4o-mini' or 'ollama:llama3.2'");
        }
        return Map.entry(spec.substring(0, colon).toLowerCase(Locale.ROOT), spec.substring(colon + 1));
    }

    /**
     * The provider registered for {@code prefix}, searched with the given class loader.
     *
     * @throws ConfigurationException when none is, listing the prefixes that are registered
     * @throws DuplicatePluginException when two providers serve the prefix
     */
    public P find(String prefix, ClassLoader loader) {
        Set<String> known = new TreeSet<>();
        List<P> matches = new ArrayList<>();
        for (P provider : ServiceLoader.load(type, loader)) {
            Set<String> p = prefixes.apply(provider);
            if (p.contains(prefix)) {
                matches.add(provider);
            }
            known.addAll(p);
        }
        if (matches.size() > 1) {
            throw new DuplicatePluginException(type, prefix,
                    matches.stream().map(m -> m.getClass().getName()).toList());
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new ConfigurationException("No " + type.getSimpleName() + " on the classpath serves prefix '" + prefix
                + "'. Registered prefixes: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + ". Add the module that provides it (e.g. llmkit-providers) to the classpath.");
    }
}
