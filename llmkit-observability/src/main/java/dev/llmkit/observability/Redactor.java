package dev.llmkit.observability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets (and, when asked, personal data) out of text before it reaches a log line, a span or an audit line.
 * Every signal of this module passes what it writes through one: secrets are always redacted, PII only with
 * {@link #withPii()} or a masker of your own ({@link #and}), such as llmkit-guardrails' PII detector. Immutable and
 * thread-safe.
 *
 * <p>Secrets are found by shape (OpenAI, Anthropic, AWS, GitHub, Slack and Google keys, JSON web tokens, private key
 * blocks, {@code Bearer}, {@code Basic} and {@code Token} credentials, {@code api_key=...}-style assignments, quoted
 * values whole) and, more surely, by
 * value: give the keys your application holds to {@link #withValues}, and every occurrence is replaced, whatever its
 * shape.
 *
 * <pre>{@code
 * Redactor r = Redactor.secrets().withValues(List.of(System.getenv("OPENAI_API_KEY")));
 * r.redact("401: key sk-proj-abc... is invalid")  // "401: key [REDACTED] is invalid"
 * }</pre>
 */
public final class Redactor {
    /** What replaces a secret. */
    public static final String SECRET = "[REDACTED]";
    /** The shortest known value {@link #withValues} accepts: shorter ones would redact ordinary words. */
    public static final int MIN_VALUE_LENGTH = 8;

    private static final Pattern SECRET_SHAPES = Pattern.compile(String.join("|",
            "sk-ant-[A-Za-z0-9_\\-]{10,}",
            "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{16,}",
            "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b",
            "\\bgh[pousr]_[A-Za-z0-9]{30,}\\b",
            "\\bgithub_pat_[A-Za-z0-9_]{30,}\\b",
            "\\bxox[abprs]-[A-Za-z0-9\\-]{10,}",
            "\\bAIza[0-9A-Za-z_\\-]{35}\\b",
            "\\beyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}",
            "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
            "(?i)\\b(?:bearer|basic|token)\\s+[A-Za-z0-9._~+/\\-]{8,}=*"));
    /** {@code api_key: "..."}, {@code x-api-key=...}, {@code "password":"..."}: the value only. */
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?i)((?:api[_-]?key|x-api-key|access[_-]?token|secret|password|passwd|authorization)[\"']?\\s*[:=]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s\"',;}]+)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("\\b(?:\\d[ \\-]?){12,18}\\d\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\d[\\d ().\\-]{7,}\\d\\b");

    private static final Redactor SECRETS = new Redactor(List.of(), List.of());

    private final List<String> values;
    private final List<UnaryOperator<String>> extra;

    private Redactor(List<String> values, List<UnaryOperator<String>> extra) {
        this.values = values;
        this.extra = extra;
    }

    /** Redacts secrets by shape. */
    public static Redactor secrets() {
        return SECRETS;
    }

    /**
     * This redactor that also replaces every occurrence of each of {@code knownSecrets} (API keys your application
     * holds); blank values are ignored.
     *
     * @throws IllegalArgumentException when a value is shorter than {@value #MIN_VALUE_LENGTH} characters
     */
    public Redactor withValues(Collection<String> knownSecrets) {
        List<String> all = new ArrayList<>(values);
        for (String v : knownSecrets) {
            if (v == null || v.isBlank()) {
                continue;
            }
            if (v.length() < MIN_VALUE_LENGTH) {
                throw new IllegalArgumentException("A known secret of " + v.length() + " characters would redact"
                        + " ordinary text; give values of at least " + MIN_VALUE_LENGTH + " characters");
            }
            all.add(v);
        }
        all.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(all), extra);
    }

    /** This redactor that also masks e-mail addresses, payment-card-like numbers and phone numbers. */
    public Redactor withPii() {
        return and(Redactor::maskPii);
    }

    /** This redactor followed by {@code masker} (e.g. a PII detector's masking). */
    public Redactor and(UnaryOperator<String> masker) {
        List<UnaryOperator<String>> all = new ArrayList<>(extra);
        all.add(Objects.requireNonNull(masker, "masker"));
        return new Redactor(values, List.copyOf(all));
    }

    /** {@code text} with every secret, and the PII asked for, replaced. */
    public String redact(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, SECRET);
            }
        }
        out = SECRET_SHAPES.matcher(out).replaceAll(SECRET);
        Matcher m = ASSIGNED.matcher(out);
        if (m.find()) {
            out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + quoted(r.group(2))));
        }
        for (UnaryOperator<String> e : extra) {
            out = e.apply(out);
        }
        return out;
    }

    /** The secret's replacement, keeping its quotes so JSON stays JSON. */
    private static String quoted(String value) {
        char first = value.charAt(0);
        return first == '"' || first == '\'' ? first + SECRET + first : SECRET;
    }

    private static String maskPii(String text) {
        String out = EMAIL.matcher(text).replaceAll("<EMAIL>");
        out = CARD.matcher(out).replaceAll("<CARD>");
        return PHONE.matcher(out).replaceAll("<PHONE>");
    }

    @Override
    public String toString() {
        return "Redactor{" + values.size() + " known values, " + extra.size() + " maskers}";
    }
}
