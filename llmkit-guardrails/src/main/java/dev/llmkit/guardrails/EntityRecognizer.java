package dev.llmkit.guardrails;

import java.util.List;

/**
 * Finds person names and postal addresses, which no pattern finds reliably: the plug-in point for a named-entity
 * recognizer. llmkit ships none, because no maintained library on Maven Central bundles an English NER model under a
 * license an Apache-licensed library can depend on; see {@code docs/guardrails.md} for an adapter over a model of your
 * choice, and {@code llmkit-examples} for a small dictionary-based one.
 *
 * <pre>{@code
 * EntityRecognizer staff = text -> {            // names from the company directory
 *     List<PiiSpan> found = new ArrayList<>();
 *     for (String name : directory) {
 *         for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
 *             found.add(new PiiSpan(PiiType.PERSON, i, i + name.length()));
 *         }
 *     }
 *     return found;
 * };
 * PiiDetector detector = PiiDetector.builder().recognizer(staff).build();
 * }</pre>
 *
 * Implementations are thread-safe, return spans of {@link PiiType#PERSON} or {@link PiiType#ADDRESS} within the text,
 * and should be fast: they run on every checked text.
 */
@FunctionalInterface
public interface EntityRecognizer {

    /** The names and addresses in {@code text}, in any order. */
    List<PiiSpan> recognize(String text);
}
