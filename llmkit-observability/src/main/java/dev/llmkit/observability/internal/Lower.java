package dev.llmkit.observability.internal;

import java.util.Locale;

/** Enum constant names in lower case, computed once per enum type (signals write them on every call). */
public final class Lower {
    private static final ClassValue<String[]> NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return names;
        }
    };

    private Lower() {}

    /** {@code e}'s name in lower case. */
    public static String of(Enum<?> e) {
        return NAMES.get(e.getDeclaringClass())[e.ordinal()];
    }
}
