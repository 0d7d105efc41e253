package dev.llmkit.guardrails;

import java.util.Objects;

/**
 * Where a piece of personal data or a secret sits in a text: its kind and its character range
 * ({@code start} inclusive, {@code end} exclusive). Holds no text, so it is safe to log.
 *
 * @param type the kind
 * @param start the first character's index
 * @param end the index after the last character
 */
public record PiiSpan(PiiType type, int start, int end) {

    /** Validates. */
    public PiiSpan {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a PiiSpan needs 0 <= start < end, was " + start + ".." + end);
        }
    }

    /** The characters this span covers in {@code text}. */
    public String in(String text) {
        return text.substring(start, end);
    }

    /** Whether this span shares a character with {@code other}. */
    public boolean overlaps(PiiSpan other) {
        return start < other.end && other.start < end;
    }
}
