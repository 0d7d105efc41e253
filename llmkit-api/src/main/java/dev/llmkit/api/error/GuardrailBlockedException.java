package dev.llmkit.api.error;

import dev.llmkit.api.guardrail.GuardrailContext;
import java.util.Objects;

/**
 * An llmkit guardrail blocked the call: it names the guardrail, the stage and the reason, and for a stream stopped
 * part-way how many characters of the answer had already reached the caller. Not retryable: the same input is
 * blocked again. The reason never quotes the blocked text.
 *
 * <pre>{@code
 * try {
 *     guarded.chat(request);
 * } catch (GuardrailBlockedException e) {
 *     log.info("blocked by {} at {}: {}", e.guardrail(), e.stage(), e.reason());
 * }
 * }</pre>
 */
public class GuardrailBlockedException extends ContentBlockedException {
    private static final long serialVersionUID = 1L;

    private final String guardrail;
    private final GuardrailContext.Stage stage;
    private final String reason;
    private final int deliveredChars;

    /**
     * Creates the exception.
     *
     * @param guardrail the blocking guardrail's name
     * @param stage where in the call it blocked
     * @param reason the guardrail's reason, safe to show
     * @param deliveredChars characters of the answer already delivered to the caller (0 unless a stream was stopped)
     */
    public GuardrailBlockedException(String guardrail, GuardrailContext.Stage stage, String reason,
            int deliveredChars) {
        super(message(guardrail, stage, reason, deliveredChars), null, ErrorInfo.NONE);
        this.guardrail = guardrail;
        this.stage = stage;
        this.reason = reason;
        if (deliveredChars < 0) {
            throw new IllegalArgumentException("deliveredChars must be >= 0, was " + deliveredChars);
        }
        this.deliveredChars = deliveredChars;
    }

    private static String message(String guardrail, GuardrailContext.Stage stage, String reason, int delivered) {
        Objects.requireNonNull(guardrail, "guardrail");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        String where = switch (stage) {
            case INPUT -> "the input";
            case STREAM -> "the streamed answer after " + delivered + " delivered characters";
            case OUTPUT -> "the answer";
            case UNTRUSTED -> "untrusted content (a tool result or retrieved text)";
        };
        return "Guardrail '" + guardrail + "' blocked " + where + ": " + reason
                + ". Change the content, or run this guardrail in monitor mode to only record its verdicts.";
    }

    /** The blocking guardrail's name. */
    public String guardrail() {
        return guardrail;
    }

    /** Where in the call it blocked. */
    public GuardrailContext.Stage stage() {
        return stage;
    }

    /** The guardrail's reason. */
    public String reason() {
        return reason;
    }

    /** Characters of the answer that reached the caller before a stream was stopped; 0 otherwise. */
    public int deliveredChars() {
        return deliveredChars;
    }
}
