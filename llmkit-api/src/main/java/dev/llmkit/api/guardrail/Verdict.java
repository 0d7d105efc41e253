package dev.llmkit.api.guardrail;

import java.util.Objects;

/**
 * A guardrail's decision.
 */
public sealed interface Verdict permits Verdict.Pass, Verdict.Rewrite, Verdict.Block {

    /** The text passes unchanged. */
    Verdict PASS = new Pass();

    /** Pass the text unchanged. */
    static Verdict pass() {
        return PASS;
    }

    /** Replace the text (e.g. with PII redacted) and go on. */
    static Verdict rewrite(String newText, String reason) {
        return new Rewrite(newText, reason);
    }

    /** Stop the call. */
    static Verdict block(String reason) {
        return new Block(reason);
    }

    /** The text passes. */
    record Pass() implements Verdict {
    }

    /**
     * The text is replaced.
     *
     * @param newText the replacement
     * @param reason why, e.g. {@code "redacted 2 email addresses"}; never the redacted values themselves
     */
    record Rewrite(String newText, String reason) implements Verdict {
        /** Validates. */
        public Rewrite {
            Objects.requireNonNull(newText, "newText");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The call is stopped.
     *
     * @param reason why, shown to the caller; must not quote sensitive content
     */
    record Block(String reason) implements Verdict {
        /** Validates. */
        public Block {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a Block verdict needs a reason");
            }
        }
    }
}
