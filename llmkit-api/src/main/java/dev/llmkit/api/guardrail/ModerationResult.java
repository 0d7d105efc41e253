package dev.llmkit.api.guardrail;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link ModerationModel} found: whether the service flagged the text, the categories it flagged, and a score
 * from 0 to 1 per category it reported. Immutable; the text itself is never kept.
 */
public final class ModerationResult {
    private final boolean flagged;
    private final Set<String> categories;
    private final Map<String, Double> scores;
    private final String model;

    private ModerationResult(boolean flagged, Set<String> categories, Map<String, Double> scores, String model) {
        this.flagged = flagged;
        this.categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
        this.scores = Map.copyOf(Objects.requireNonNull(scores, "scores"));
        this.model = Objects.requireNonNull(model, "model");
        for (Map.Entry<String, Double> e : this.scores.entrySet()) {
            double s = e.getValue();
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("score of " + e.getKey() + " must be in [0, 1], was " + s);
            }
        }
    }

    /**
     * A result.
     *
     * @param flagged whether the service flagged the text
     * @param categories the flagged categories (empty when not flagged)
     * @param scores a score from 0 to 1 per reported category
     * @param model the moderation model that answered
     */
    public static ModerationResult of(boolean flagged, Set<String> categories, Map<String, Double> scores,
            String model) {
        return new ModerationResult(flagged, categories, scores, model);
    }

    /** Whether the service flagged the text. */
    public boolean flagged() {
        return flagged;
    }

    /** The flagged categories. */
    public Set<String> categories() {
        return categories;
    }

    /** A score per reported category. */
    public Map<String, Double> scores() {
        return scores;
    }

    /** The moderation model that answered. */
    public String model() {
        return model;
    }

    /** The highest score, or 0 when none were reported. */
    public double maxScore() {
        double max = 0;
        for (double s : scores.values()) {
            max = Math.max(max, s);
        }
        return max;
    }

    @Override
    public String toString() {
        return "ModerationResult{flagged=" + flagged + ", categories=" + new TreeSet<>(categories) + ", model=" + model
                + ", scores=" + new TreeMap<>(scores) + "}";
    }
}
