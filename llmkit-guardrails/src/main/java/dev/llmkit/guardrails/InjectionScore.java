package dev.llmkit.guardrails;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How likely a text is a prompt injection, from 0 to 1, with what each layer of the {@link InjectionDetector} said
 * and which heuristic rules matched (e.g. {@code override:ignore-previous}). Holds no text. Immutable.
 */
public final class InjectionScore {
    private final double score;
    private final double heuristic;
    private final OptionalDouble embedding;
    private final OptionalDouble classifier;
    private final List<String> signals;

    InjectionScore(double score, double heuristic, OptionalDouble embedding, OptionalDouble classifier,
            List<String> signals) {
        this.score = clamp(score);
        this.heuristic = clamp(heuristic);
        this.embedding = Objects.requireNonNull(embedding, "embedding");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.signals = List.copyOf(signals);
    }

    private static double clamp(double d) {
        return Math.max(0, Math.min(1, d));
    }

    /** The combined score, 0 (benign) to 1 (attack). */
    public double score() {
        return score;
    }

    /** The heuristic layer's score. */
    public double heuristic() {
        return heuristic;
    }

    /** The nearest-neighbour layer's score (the attack share among the nearest exemplars), when it ran. */
    public OptionalDouble embedding() {
        return embedding;
    }

    /** The model classifier's score, when it ran. */
    public OptionalDouble classifier() {
        return classifier;
    }

    /** The heuristic rules that matched, as {@code family:rule}. */
    public List<String> signals() {
        return signals;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "InjectionScore{%.2f heuristic=%.2f", score,
                heuristic));
        embedding.ifPresent(e -> sb.append(String.format(Locale.ROOT, " embedding=%.2f", e)));
        classifier.ifPresent(c -> sb.append(String.format(Locale.ROOT, " classifier=%.2f", c)));
        return sb.append(" signals=").append(signals).append('}').toString();
    }
}
