package dev.llmkit.providers.internal;

import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads settings from properties first, then the environment. The environment lookup is replaceable for tests. */
public final class Env {
    private static volatile Function<String, @Nullable String> environment = System::getenv;

    private Env() {}

    /** The property's value, else the environment variable's, else null; blank counts as absent. */
    public static @Nullable String get(Map<String, String> properties, String property, String variable) {
        String v = properties.get(property);
        if (v == null || v.isBlank()) {
            v = environment.apply(variable);
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** Replaces the environment lookup (tests); returns the previous one. */
    public static Function<String, @Nullable String> use(Function<String, @Nullable String> env) {
        Function<String, @Nullable String> previous = environment;
        environment = env;
        return previous;
    }
}
