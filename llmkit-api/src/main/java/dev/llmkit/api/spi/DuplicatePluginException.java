package dev.llmkit.api.spi;

import dev.llmkit.api.error.ConfigurationException;
import java.util.List;

/**
 * Two or more plug-ins of one kind are registered under the same name, so which one is meant is ambiguous. The
 * message names their classes; remove one from the classpath or rename it.
 */
public final class DuplicatePluginException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final List<String> classes;

    /**
     * Creates the exception.
     *
     * @param type the provider interface searched
     * @param pluginName the shared name
     * @param classes the classes registered under it
     */
    public DuplicatePluginException(Class<?> type, String pluginName, List<String> classes) {
        super(classes.size() + " " + type.getSimpleName() + "s are registered under the name '" + pluginName + "': "
                + String.join(", ", classes) + ". Remove all but one from the classpath, or give each its own name.");
        this.pluginName = pluginName;
        this.classes = List.copyOf(classes);
    }

    /** The shared name. */
    public String pluginName() {
        return pluginName;
    }

    /** The provider classes registered under it. */
    public List<String> classes() {
        return classes;
    }
}
