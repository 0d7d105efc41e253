package dev.llmkit.providers.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masks credentials in text that came from a server or a socket before it reaches an exception message, a log line
 * or an event: the configured key itself, and anything shaped like a key ({@code sk-...}, {@code sk-ant-...},
 * {@code Bearer ...}, {@code key=...}), since gateways echo keys in error bodies ("Incorrect API key provided: sk-...").
 */
public final class Secrets {
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "(?i)(sk-(?:ant-|proj-)?[A-Za-z0-9_\\-]{4,})"
            + "|(bearer\\s+[A-Za-z0-9._~+/=\\-]{4,})"
            + "|((?:api[-_]?key|x-api-key|access[-_]?token|key)[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9._~+/\\-]{8,})");

    private Secrets() {}

    /**
     * An API key as configured: null for none or blank, surrounding white space (a key read from a file ends in a
     * newline) stripped.
     *
     * @throws dev.llmkit.api.error.ConfigurationException when the key holds a control character, which no HTTP header
     *     may carry; the message does not quote the key
     */
    public static @Nullable String cleanKey(@Nullable String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        String k = key.strip();
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new dev.llmkit.api.error.ConfigurationException("The API key holds a control character (at"
                        + " position " + i + " of " + k.length() + "); check how it is read, e.g. from a file with"
                        + " Windows line ends.");
            }
        }
        return k;
    }

    /** {@code text} with {@code secret} (when set) and key-shaped tokens replaced by {@code ****}. */
    public static String redact(String text, @Nullable String secret) {
        String out = text;
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, "****");
            // a key may be echoed cut short ("sk-abc...xyz"): mask its longer prefixes as well
            if (secret.length() >= 12) {
                out = out.replace(secret.substring(0, secret.length() / 2), "****");
            }
        }
        return KEY_SHAPED.matcher(out).replaceAll(m -> {
            if (m.group(1) != null) {
                return "sk-****";
            }
            if (m.group(2) != null) {
                return "Bearer ****";
            }
            String g = m.group(3);
            int sep = Math.max(g.indexOf(':'), g.indexOf('='));
            return java.util.regex.Matcher.quoteReplacement(g.substring(0, sep + 1) + "****");
        });
    }
}
