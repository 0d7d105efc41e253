package dev.llmkit.rag;

import dev.llmkit.api.error.ConfigurationException;
import java.util.Map;

/** Reads the string settings given to this module's plug-ins, failing with a message naming the plug-in and key. */
final class PluginSettings {
    private PluginSettings() {}

    static String required(String plugin, Map<String, String> properties, String key) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigurationException("The " + plugin + " plug-in needs the setting '" + key + "'");
        }
        return v.strip();
    }

    static int intValue(String plugin, Map<String, String> properties, String key, int otherwise) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("The " + plugin + " plug-in's setting '" + key
                    + "' must be a whole number, got '" + v + "'");
        }
    }

    static double doubleValue(String plugin, Map<String, String> properties, String key, double otherwise) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("The " + plugin + " plug-in's setting '" + key + "' must be a number,"
                    + " got '" + v + "'");
        }
    }

    static boolean booleanValue(String plugin, Map<String, String> properties, String key) {
        String v = properties.getOrDefault(key, "false").strip();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigurationException("The " + plugin + " plug-in's setting '" + key + "' must be true or"
                    + " false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Runs a constructor, turning its argument checks into a configuration error. */
    static <T> T build(String plugin, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The " + plugin + " plug-in's settings are invalid: " + e.getMessage());
        }
    }
}
