package dev.llmkit.routing.router;

import java.util.Objects;

/**
 * A classifier's answer: a label (e.g. {@code "simple"}, {@code "complex"}, {@code "code"}) and how sure it is.
 *
 * @param label the label, one of the classifier's labels
 * @param confidence from 0 to 1
 * @param why a short explanation for logs and the route reason, never the prompt's text
 */
public record Classification(String label, double confidence, String why) {

    /** Validates. */
    public Classification {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(why, "why");
        if (label.isBlank()) {
            throw new IllegalArgumentException("a classification needs a label");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, got " + confidence);
        }
    }
}
