package dev.llmkit.routing.router;

import dev.llmkit.api.ChatRequest;
import java.util.Set;

/**
 * Puts a request in one of a few labels, for routing by what a prompt needs (a small model for simple questions, a
 * large one for hard ones). Three come with llmkit: {@link HeuristicClassifier} (rules on the text, no model),
 * {@link EmbeddingClassifier} (the nearest labelled examples, with an in-process embedding model: "route like these
 * prompts" offline) and {@link ModelClassifier} (a small chat model labels the prompt). Implementations are
 * thread-safe; a classifier that fails returns its fallback label rather than throwing, so routing never fails
 * because classification did.
 */
@FunctionalInterface
public interface Classifier {

    /** The request's label. */
    Classification classify(ChatRequest request);

    /** The labels this classifier may answer; empty when open-ended. */
    default Set<String> labels() {
        return Set.of();
    }
}
