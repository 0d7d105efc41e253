package dev.llmkit.api.spi;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.rag.Reranker;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates plug-ins by name, finding their providers on the classpath through {@link java.util.ServiceLoader}: vector
 * stores, rerankers, guardrails, token counters and listeners. Each kind has a provider interface
 * ({@link VectorStoreProvider}, {@link RerankerProvider}, {@link GuardrailProvider}, {@link TokenCounterProvider},
 * {@link ListenerProvider}) registered in {@code META-INF/services/<interface name>}. Searches the thread's context
 * class loader (or llmkit-api's when there is none) on every call: cache what you create.
 *
 * <pre>{@code
 * VectorStore store = Plugins.vectorStore("lucene", Map.of("embedding-model", "fake", "dimension", "64"));
 * Reranker reranker = Plugins.reranker("embedding", Map.of("embedding-model", "local:bge-small-en-v1.5"));
 * TokenCounter counter = Plugins.tokenCounter("estimator", Map.of());
 * }</pre>
 *
 * <p>{@code docs/extending.md} shows a plug-in of each kind.
 */
public final class Plugins {
    /** Looks up {@link VectorStoreProvider}s. */
    public static final PluginLookup<VectorStoreProvider> VECTOR_STORES =
            new PluginLookup<>(VectorStoreProvider.class, VectorStoreProvider::name);
    /** Looks up {@link RerankerProvider}s. */
    public static final PluginLookup<RerankerProvider> RERANKERS =
            new PluginLookup<>(RerankerProvider.class, RerankerProvider::name);
    /** Looks up {@link GuardrailProvider}s. */
    public static final PluginLookup<GuardrailProvider> GUARDRAILS =
            new PluginLookup<>(GuardrailProvider.class, GuardrailProvider::name);
    /** Looks up {@link TokenCounterProvider}s. */
    public static final PluginLookup<TokenCounterProvider> TOKEN_COUNTERS =
            new PluginLookup<>(TokenCounterProvider.class, TokenCounterProvider::name);
    /** Looks up {@link ListenerProvider}s. */
    public static final PluginLookup<ListenerProvider> LISTENERS =
            new PluginLookup<>(ListenerProvider.class, ListenerProvider::name);

    private Plugins() {}

    /**
     * Creates the vector store registered as {@code name}, e.g. {@code lucene}.
     *
     * @throws UnknownPluginException when none is, listing the registered names
     * @throws DuplicatePluginException when two are
     * @throws dev.llmkit.api.error.ConfigurationException when the properties are wrong for it
     */
    public static VectorStore vectorStore(String name, Map<String, String> properties) {
        return VECTOR_STORES.find(name, PluginLookup.defaultLoader()).create(Map.copyOf(properties));
    }

    /**
     * Creates the reranker registered as {@code name}, e.g. {@code embedding} or {@code llm}.
     *
     * @throws UnknownPluginException when none is, listing the registered names
     * @throws DuplicatePluginException when two are
     * @throws dev.llmkit.api.error.ConfigurationException when the properties are wrong for it
     */
    public static Reranker reranker(String name, Map<String, String> properties) {
        return RERANKERS.find(name, PluginLookup.defaultLoader()).create(Map.copyOf(properties));
    }

    /**
     * Creates the guardrail registered as {@code name}.
     *
     * @throws UnknownPluginException when none is, listing the registered names
     * @throws DuplicatePluginException when two are
     * @throws dev.llmkit.api.error.ConfigurationException when the properties are wrong for it
     */
    public static Guardrail guardrail(String name, Map<String, String> properties) {
        return GUARDRAILS.find(name, PluginLookup.defaultLoader()).create(Map.copyOf(properties));
    }

    /**
     * Creates the token counter registered as {@code name}, e.g. {@code estimator}.
     *
     * @throws UnknownPluginException when none is, listing the registered names
     * @throws DuplicatePluginException when two are
     * @throws dev.llmkit.api.error.ConfigurationException when the properties are wrong for it
     */
    public static TokenCounter tokenCounter(String name, Map<String, String> properties) {
        return TOKEN_COUNTERS.find(name, PluginLookup.defaultLoader()).create(Map.copyOf(properties));
    }

    /**
     * Creates the listener registered as {@code name}.
     *
     * @throws UnknownPluginException when none is, listing the registered names
     * @throws DuplicatePluginException when two are
     * @throws dev.llmkit.api.error.ConfigurationException when the properties are wrong for it
     */
    public static ChatModelListener listener(String name, Map<String, String> properties) {
        return LISTENERS.find(name, PluginLookup.defaultLoader()).create(Map.copyOf(properties));
    }

    /**
     * Creates one listener from every registered {@link ListenerProvider}, in {@link java.util.ServiceLoader} order,
     * each given the same properties; empty when none is registered.
     *
     * @throws DuplicatePluginException when two share a name
     */
    public static List<ChatModelListener> listeners(Map<String, String> properties) {
        Map<String, String> props = Map.copyOf(properties);
        ClassLoader loader = PluginLookup.defaultLoader();
        List<ListenerProvider> providers = LISTENERS.all(loader);
        for (ListenerProvider p : providers) {
            LISTENERS.find(p.name(), loader); // refuses two providers with one name
        }
        List<ChatModelListener> out = new ArrayList<>(providers.size());
        providers.forEach(p -> out.add(Objects.requireNonNull(p.create(props), p.name())));
        return List.copyOf(out);
    }

    /** The names registered for one kind of plug-in, e.g. {@code Plugins.names(Plugins.VECTOR_STORES)}. */
    public static Set<String> names(PluginLookup<?> kind) {
        return kind.names(PluginLookup.defaultLoader());
    }
}
