package dev.llmkit.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds a plug-in by name among the {@link ServiceLoader} registrations of one provider type
 * ({@link VectorStoreProvider}, {@link RerankerProvider}, {@link GuardrailProvider}, {@link TokenCounterProvider},
 * {@link ListenerProvider}). Names are compared in lower case. {@link Plugins} holds one lookup per kind.
 *
 * @param <P> the provider type
 */
public final class PluginLookup<P> {
    private final Class<P> type;
    private final Function<P, String> name;

    /**
     * Creates a lookup.
     *
     * @param type the provider interface
     * @param name reads a provider's name
     */
    public PluginLookup(Class<P> type, Function<P, String> name) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The provider type this lookup searches. */
    public Class<P> type() {
        return type;
    }

    /**
     * The provider registered under {@code pluginName}, searched with {@code loader}.
     *
     * @throws UnknownPluginException when none is, listing the names that are registered
     * @throws DuplicatePluginException when two registrations share the name
     */
    public P find(String pluginName, ClassLoader loader) {
        Objects.requireNonNull(pluginName, "pluginName");
        String wanted = pluginName.toLowerCase(Locale.ROOT);
        List<P> matches = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (P provider : all(loader)) {
            String n = nameOf(provider);
            known.add(n);
            if (n.equals(wanted)) {
                matches.add(provider);
            }
        }
        if (matches.isEmpty()) {
            throw new UnknownPluginException(type, wanted, known);
        }
        if (matches.size() > 1) {
            throw new DuplicatePluginException(type, wanted,
                    matches.stream().map(p -> p.getClass().getName()).toList());
        }
        return matches.get(0);
    }

    /** The names of every registered provider, sorted, lower case. */
    public Set<String> names(ClassLoader loader) {
        Set<String> known = new TreeSet<>();
        all(loader).forEach(p -> known.add(nameOf(p)));
        return known;
    }

    /** Every registered provider, in {@link ServiceLoader} order. */
    public List<P> all(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<P> out = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(out::add);
        return List.copyOf(out);
    }

    private String nameOf(P provider) {
        String n = name.apply(provider);
        if (n == null || n.isBlank()) {
            throw new dev.llmkit.api.error.ConfigurationException("The " + type.getSimpleName() + " "
                    + provider.getClass().getName() + " has a blank name; give it a name such as 'lucene'");
        }
        return n.toLowerCase(Locale.ROOT);
    }

    /** The context class loader, or the one that loaded llmkit-api. */
    static ClassLoader defaultLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : PluginLookup.class.getClassLoader();
    }
}
