package dev.llmkit.rag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer grounded in retrieved documents.
 *
 * @param text the answer, citing sources as {@code [n]}; for a refusal, {@link GroundedAnswerer#REFUSAL}
 * @param citations the numbered sources given to the model
 * @param refused whether the answerer refused because the documents did not support an answer
 * @param evidence the best dense similarity between the question and the documents, when measured
 */
public record GroundedAnswer(String text, List<Citation> citations, boolean refused, Optional<Double> evidence) {

    /** Validates and copies. */
    public GroundedAnswer {
        Objects.requireNonNull(text, "text");
        citations = List.copyOf(citations);
        Objects.requireNonNull(evidence, "evidence");
    }
}
