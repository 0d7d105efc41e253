package dev.llmkit.guardrails.internal;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.spi.GuardrailProvider;
import dev.llmkit.guardrails.GroundingGuardrail;
import dev.llmkit.guardrails.InjectionDetector;
import dev.llmkit.guardrails.InjectionGuardrail;
import dev.llmkit.guardrails.InputLimit;
import dev.llmkit.guardrails.JsonSchemaGuardrail;
import dev.llmkit.guardrails.LeakGuardrail;
import dev.llmkit.guardrails.PiiDetector;
import dev.llmkit.guardrails.PiiGuardrail;
import dev.llmkit.guardrails.Spotlight;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guardrails llmkit ships, registered as {@link GuardrailProvider}s so that a chain can be configured by name
 * ({@code Plugins.guardrail("pii", Map.of("action", "redact"))}): {@code pii}, {@code prompt-injection},
 * {@code spotlight}, {@code leak}, {@code grounding}, {@code json-schema} and {@code input-limit}.
 */
public final class BuiltInGuardrails {
    private BuiltInGuardrails() {}

    private static String get(Map<String, String> p, String key, String fallback) {
        String v = p.get(key);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static double number(String plugin, Map<String, String> p, String key, double fallback) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Guardrail '" + plugin + "': " + key + "='" + v + "' is not a number");
        }
    }

    /** {@code pii}: {@code action} mask (default), redact or block; {@code regions} for phone numbers, e.g. US,GB. */
    public static final class Pii implements GuardrailProvider {
        @Override
        public String name() {
            return "pii";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            PiiGuardrail.Action action;
            try {
                action = PiiGuardrail.Action.valueOf(get(p, "action", "mask").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Guardrail 'pii': action='" + p.get("action") + "' is not one of"
                        + " mask, redact, block");
            }
            List<String> regions = Arrays.asList(get(p, "regions", PiiDetector.DEFAULT_PHONE_REGION).split("\\s*,\\s*"));
            PiiDetector detector;
            try {
                detector = PiiDetector.builder().phoneRegions(regions).build();
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Guardrail 'pii': " + e.getMessage());
            }
            return action == PiiGuardrail.Action.MASK ? PiiGuardrail.masking(detector)
                    : PiiGuardrail.of(detector, action, EnumSet.of(Stage.INPUT, Stage.UNTRUSTED, Stage.OUTPUT));
        }
    }

    /** {@code prompt-injection}: heuristics, {@code threshold} (default 0.5). */
    public static final class Injection implements GuardrailProvider {
        @Override
        public String name() {
            return "prompt-injection";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            double t = number(name(), p, "threshold", InjectionDetector.DEFAULT_THRESHOLD);
            try {
                return InjectionGuardrail.of(InjectionDetector.builder().threshold(t).build());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Guardrail 'prompt-injection': " + e.getMessage());
            }
        }
    }

    /** {@code spotlight}: untrusted text fenced as data. */
    public static final class Fence implements GuardrailProvider {
        @Override
        public String name() {
            return "spotlight";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            return Spotlight.fence();
        }
    }

    /** {@code leak}: secrets, canary and {@code maxVerbatimWords} (default 12) of the system prompt. */
    public static final class Leak implements GuardrailProvider {
        @Override
        public String name() {
            return "leak";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            int words = (int) number(name(), p, "maxVerbatimWords", LeakGuardrail.DEFAULT_MAX_VERBATIM_WORDS);
            try {
                return LeakGuardrail.maxVerbatimWords(words);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Guardrail 'leak': " + e.getMessage());
            }
        }
    }

    /** {@code grounding}: {@code minSupport} (default 0.5), {@code block} true to block instead of re-asking. */
    public static final class Grounding implements GuardrailProvider {
        @Override
        public String name() {
            return "grounding";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            double min = number(name(), p, "minSupport", GroundingGuardrail.DEFAULT_MIN_SUPPORT);
            GroundingGuardrail g;
            try {
                g = GroundingGuardrail.of(GroundingGuardrail::numberedSources, min);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Guardrail 'grounding': " + e.getMessage());
            }
            return Boolean.parseBoolean(get(p, "block", "false")) ? g.blocking() : g;
        }
    }

    /** {@code json-schema}: the {@code schema} as JSON, or the request's response format when absent. */
    public static final class Schema implements GuardrailProvider {
        @Override
        public String name() {
            return "json-schema";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            String schema = p.get("schema");
            if (schema == null || schema.isBlank()) {
                return JsonSchemaGuardrail.fromRequest();
            }
            try {
                return JsonSchemaGuardrail.of(schema);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Guardrail 'json-schema': " + e.getMessage());
            }
        }
    }

    /** {@code input-limit}: {@code maxTokens} (required), counted by the estimator. */
    public static final class Limit implements GuardrailProvider {
        @Override
        public String name() {
            return "input-limit";
        }

        @Override
        public Guardrail create(Map<String, String> p) {
            if (!p.containsKey("maxTokens")) {
                throw new ConfigurationException("Guardrail 'input-limit' needs maxTokens, e.g. maxTokens=4000");
            }
            double max = number(name(), p, "maxTokens", 0);
            if (max < 1 || max != Math.rint(max)) {
                throw new ConfigurationException("Guardrail 'input-limit': maxTokens must be a whole number of at least"
                        + " 1, was " + p.get("maxTokens"));
            }
            return InputLimit.maxTokens((int) max, TokenCounter.estimator());
        }
    }
}
