package dev.llmkit.api.spi;

import dev.llmkit.api.event.ChatModelListener;
import java.util.Map;

/**
 * Creates {@link ChatModelListener}s by name (a log, metrics, tracing), so listeners can be switched on from
 * configuration; {@link Plugins#listeners(Map)} creates every registered one.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.llmkit.api.spi.ListenerProvider};
 * {@link Plugins} finds it by {@link #name()} with {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor. Two registrations with one name are an error ({@link DuplicatePluginException}).
 *
 * <pre>{@code
 * ChatModelListener all = ChatModelListener.composite(Plugins.listeners(Map.of()));
 * }</pre>
 */
public interface ListenerProvider {

    /** The plug-in's name, unique among ListenerProviders, lower case, e.g. {@code audit-log}. */
    String name();

    /**
     * Creates one instance.
     *
     * @param properties settings; unknown keys are ignored
     * @throws dev.llmkit.api.error.ConfigurationException when a required setting is missing or malformed
     */
    ChatModelListener create(Map<String, String> properties);
}
