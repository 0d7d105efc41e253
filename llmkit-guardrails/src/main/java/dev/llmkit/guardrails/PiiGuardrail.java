package dev.llmkit.guardrails;

import dev.llmkit.api.Message;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.guardrail.Verdict;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps personal data and secrets from reaching the model (or the caller), with a {@link PiiDetector}:
 *
 * <ul>
 *   <li>{@link Action#MASK} (reversible): each value becomes a placeholder such as {@code <EMAIL_1>} before the call
 *       (the same value the same placeholder), and the chain puts the values back into the answer, also when a
 *       placeholder arrives split across streamed tokens, and into tool-call arguments;</li>
 *   <li>{@link Action#REDACT}: each value becomes {@code [EMAIL]}, for good;</li>
 *   <li>{@link Action#BLOCK}: the text is refused.</li>
 * </ul>
 *
 * <pre>{@code
 * ChatModel guarded = Guardrails.around(model, PiiGuardrail.masking());
 * guarded.chat("Write to ann@example.com that her card 4111 1111 1111 1111 was charged");
 * // the model reads: "Write to <EMAIL_1> that her card <CARD_1> was charged"
 * }</pre>
 *
 * Reasons name the kinds and counts, never the values. Immutable and thread-safe.
 */
public final class PiiGuardrail implements Guardrail {
    /** Any placeholder a masking guardrail writes, e.g. {@code <EMAIL_12>}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z]+)_(\\d+)>");

    /** What to do with what the detector finds. */
    public enum Action {
        /** Replace each value with a numbered placeholder, restored in the answer. */
        MASK,
        /** Replace each value with its kind in brackets, for good. */
        REDACT,
        /** Refuse the text. */
        BLOCK
    }

    private final PiiDetector detector;
    private final Action action;
    private final Set<Stage> stages;

    private PiiGuardrail(PiiDetector detector, Action action, Set<Stage> stages) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.action = Objects.requireNonNull(action, "action");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a PiiGuardrail needs at least one stage");
        }
        if (action == Action.MASK && (stages.contains(Stage.OUTPUT) || stages.contains(Stage.STREAM))) {
            throw new IllegalArgumentException("masking works on input and untrusted content (its placeholders are"
                    + " restored in the answer); use REDACT or BLOCK for the output and stream stages");
        }
        this.stages = Set.copyOf(stages);
    }

    /** Masks every structured kind in the user's input and in untrusted content, reversibly. */
    public static PiiGuardrail masking() {
        return new PiiGuardrail(PiiDetector.standard(), Action.MASK, EnumSet.of(Stage.INPUT, Stage.UNTRUSTED));
    }

    /** Masks what {@code detector} finds in the user's input and in untrusted content, reversibly. */
    public static PiiGuardrail masking(PiiDetector detector) {
        return new PiiGuardrail(detector, Action.MASK, EnumSet.of(Stage.INPUT, Stage.UNTRUSTED));
    }

    /** {@code action} on what {@code detector} finds, at {@code stages}. */
    public static PiiGuardrail of(PiiDetector detector, Action action, Set<Stage> stages) {
        return new PiiGuardrail(detector, action, stages);
    }

    @Override
    public Verdict check(GuardrailContext context) {
        String text = context.text();
        List<PiiSpan> spans = detector.detect(text);
        if (spans.isEmpty()) {
            return Verdict.pass();
        }
        String reason = describe(spans);
        switch (action) {
            case BLOCK:
                return Verdict.block("found " + reason);
            case REDACT: {
                StringBuilder out = new StringBuilder(text.length());
                int at = 0;
                for (PiiSpan s : spans) {
                    out.append(text, at, s.start()).append('[').append(s.type().label()).append(']');
                    at = s.end();
                }
                return Verdict.rewrite(out.append(text, at, text.length()).toString(), "redacted " + reason);
            }
            default:
                return mask(context, text, spans, reason);
        }
    }

    private static Verdict mask(GuardrailContext context, String text, List<PiiSpan> spans, String reason) {
        Map<String, Integer> next = highestPlaceholders(context);
        Map<String, String> byValue = new HashMap<>();
        Map<String, String> restorations = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (PiiSpan s : spans) {
            String value = s.in(text);
            String label = s.type().label();
            String placeholder = byValue.computeIfAbsent(label + '\u0000' + value, k -> {
                int n = next.merge(label, 1, Integer::sum);
                return "<" + label + "_" + n + ">";
            });
            restorations.put(placeholder, value);
            out.append(text, at, s.start()).append(placeholder);
            at = s.end();
        }
        return Verdict.mask(out.append(text, at, text.length()).toString(), "masked " + reason, restorations);
    }

    /** The highest placeholder number per label already in the conversation, so new ones never collide. */
    private static Map<String, Integer> highestPlaceholders(GuardrailContext context) {
        Map<String, Integer> highest = new HashMap<>();
        for (Message m : context.request().messages()) {
            String t = m.text();
            if (t.indexOf('<') < 0) {
                continue;
            }
            Matcher pm = PLACEHOLDER.matcher(t);
            while (pm.find()) {
                highest.merge(pm.group(1), Integer.parseInt(pm.group(2)), Math::max);
            }
        }
        return highest;
    }

    /** "2 EMAIL, 1 CREDIT_CARD": kinds and counts, never values. */
    private static String describe(List<PiiSpan> spans) {
        Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
        for (PiiSpan s : spans) {
            counts.merge(s.type(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<PiiType, Integer> e : new TreeMap<>(counts).entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getValue()).append(' ').append(e.getKey());
        }
        return sb.toString();
    }

    /** The detector. */
    public PiiDetector detector() {
        return detector;
    }

    @Override
    public String name() {
        return "pii-" + action.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Set<Stage> stages() {
        return stages;
    }

    @Override
    public String toString() {
        return "PiiGuardrail{" + action + " at " + stages + ", " + detector + "}";
    }
}
