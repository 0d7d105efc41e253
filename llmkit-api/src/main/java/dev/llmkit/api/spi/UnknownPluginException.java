package dev.llmkit.api.spi;

import dev.llmkit.api.error.ConfigurationException;
import java.util.Set;

/**
 * No plug-in of the asked kind is registered under the asked name. The message lists the names that are, and says
 * how to register one ({@code META-INF/services}).
 */
public final class UnknownPluginException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final Set<String> available;

    /**
     * Creates the exception.
     *
     * @param type the provider interface searched
     * @param pluginName the name asked for
     * @param available the names that are registered
     */
    public UnknownPluginException(Class<?> type, String pluginName, Set<String> available) {
        super("No " + type.getSimpleName() + " named '" + pluginName + "' is on the classpath. Registered: "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ". Add the module that provides it,"
                + " or register your own in META-INF/services/" + type.getName() + ".");
        this.pluginName = pluginName;
        this.available = Set.copyOf(available);
    }

    /** The name asked for. */
    public String pluginName() {
        return pluginName;
    }

    /** The names that are registered. */
    public Set<String> available() {
        return available;
    }
}
