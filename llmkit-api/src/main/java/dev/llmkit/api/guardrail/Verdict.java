package dev.llmkit.api.guardrail;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A guardrail's decision: {@link Kind#PASS}, {@link Kind#REWRITE} the text, {@link Kind#BLOCK} the call, or
 * {@link Kind#REASK} the model with instructions. New kinds may be added: switch on {@link #kind()} with a default
 * branch that blocks. Immutable.
 *
 * <p>A rewrite that masks values (an email replaced by {@code <EMAIL_1>}) carries {@link #restorations()}: the
 * placeholders and what they stand for, so the chain can put the values back into the model's answer for the caller
 * ({@link #restore(String)}). Restorations hold sensitive values: they never appear in {@link #toString()}.
 */
public final class Verdict {
    /** The text passes unchanged. */
    public static final Verdict PASS = new Verdict(Kind.PASS, null, "", null, Map.of());

    private final Kind kind;
    private final @Nullable String text;
    private final String reason;
    private final @Nullable String instructions;
    private final Map<String, String> restorations;

    private Verdict(Kind kind, @Nullable String text, String reason, @Nullable String instructions,
            Map<String, String> restorations) {
        this.kind = kind;
        this.text = text;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.instructions = instructions;
        this.restorations = Map.copyOf(restorations);
        if (kind != Kind.PASS && reason.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " verdict needs a reason");
        }
        for (String placeholder : this.restorations.keySet()) {
            if (placeholder.isEmpty()) {
                throw new IllegalArgumentException("a restoration placeholder must not be empty");
            }
        }
    }

    /** Pass the text unchanged. */
    public static Verdict pass() {
        return PASS;
    }

    /** Replace the text (e.g. with PII redacted) and go on. */
    public static Verdict rewrite(String newText, String reason) {
        return new Verdict(Kind.REWRITE, Objects.requireNonNull(newText, "newText"), reason, null, Map.of());
    }

    /**
     * Replace the text with one in which values are masked by placeholders, and remember them so the answer can be
     * restored for the caller.
     *
     * @param restorations placeholder to original value, e.g. {@code "<EMAIL_1>" -> "ann@example.com"}
     */
    public static Verdict mask(String maskedText, String reason, Map<String, String> restorations) {
        return new Verdict(Kind.REWRITE, Objects.requireNonNull(maskedText, "maskedText"), reason, null,
                Objects.requireNonNull(restorations, "restorations"));
    }

    /** Stop the call. The reason is shown to the caller and must not quote sensitive content. */
    public static Verdict block(String reason) {
        return new Verdict(Kind.BLOCK, null, reason, null, Map.of());
    }

    /**
     * Ask the model again with instructions appended (e.g. "answer only from the sources"); for output stages. A
     * chain gives up with a block after its configured number of reasks.
     */
    public static Verdict reask(String instructions, String reason) {
        Objects.requireNonNull(instructions, "instructions");
        if (instructions.isBlank()) {
            throw new IllegalArgumentException("a REASK verdict needs instructions for the model");
        }
        return new Verdict(Kind.REASK, null, reason, instructions, Map.of());
    }

    /** What the guardrail decided. */
    public Kind kind() {
        return kind;
    }

    /** Whether the text passes unchanged. */
    public boolean isPass() {
        return kind == Kind.PASS;
    }

    /** The replacement text, for {@link Kind#REWRITE}. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** Why; empty for {@link Kind#PASS}. Never the sensitive values themselves. */
    public String reason() {
        return reason;
    }

    /** The instructions for the model, for {@link Kind#REASK}. */
    public Optional<String> instructions() {
        return Optional.ofNullable(instructions);
    }

    /** Placeholder to original value for masked rewrites; empty otherwise. Sensitive. */
    public Map<String, String> restorations() {
        return restorations;
    }

    /** {@code output} with every placeholder of {@link #restorations()} replaced by its original value. */
    public String restore(String output) {
        String result = output;
        for (Map.Entry<String, String> e : restorations.entrySet()) {
            result = result.replace(e.getKey(), e.getValue());
        }
        return result;
    }

    /** Kind and reason; never the text or restored values. */
    @Override
    public String toString() {
        return "Verdict{" + kind + (reason.isEmpty() ? "" : ", " + reason)
                + (restorations.isEmpty() ? "" : ", restorations=" + restorations.size()) + "}";
    }

    /** The kinds of decision. */
    public enum Kind {
        /** Go on unchanged. */
        PASS,
        /** Go on with {@link #text()}. */
        REWRITE,
        /** Stop the call with a {@link dev.llmkit.api.error.ContentBlockedException}. */
        BLOCK,
        /** Ask the model again with {@link #instructions()}. */
        REASK
    }
}
