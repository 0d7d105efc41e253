package dev.llmkit.benchmarks.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic English-like passages for embedding benchmarks: sentences of 6-18 words drawn from a fixed word
 * list, 20-120 words per passage (the spread of MS MARCO passages), the same for the same seed.
 */
public final class SyntheticPassages {
    private static final String[] SUBJECTS = {"The city council", "A new study", "The company", "Most doctors",
        "The river", "This recipe", "Your browser", "The treaty", "Every student", "The engine", "Modern farmers",
        "The museum", "A healthy adult", "The software update", "The central bank", "Local residents"};
    private static final String[] VERBS = {"reported", "recommends", "increased", "reduced", "requires", "explains",
        "describes", "measured", "approved", "changed", "protects", "connects", "estimated", "delivered", "banned"};
    private static final String[] WORDS = {"temperature", "population", "interest", "rates", "water", "quality",
        "during", "the", "summer", "months", "average", "cost", "of", "a", "home", "in", "California", "vitamin",
        "levels", "after", "two", "weeks", "memory", "usage", "on", "older", "devices", "annual", "rainfall", "near",
        "coast", "blood", "pressure", "for", "patients", "over", "sixty", "traffic", "downtown", "with", "new",
        "rules", "and", "by", "about", "percent", "each", "year", "since", "1990", "flour", "sugar", "eggs", "oven",
        "minutes", "insurance", "policy", "claims", "mountain", "trail", "visitors", "battery", "life", "solar",
        "panels", "income", "tax", "returns", "symptoms", "infection", "antibiotics", "history", "empire", "war"};

    private SyntheticPassages() {}

    /** {@code n} passages generated from {@code seed}. */
    public static List<String> generate(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int target = 20 + random.nextInt(101);
            StringBuilder sb = new StringBuilder();
            int words = 0;
            while (words < target) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(SUBJECTS[random.nextInt(SUBJECTS.length)]).append(' ')
                        .append(VERBS[random.nextInt(VERBS.length)]);
                int length = 4 + random.nextInt(13);
                for (int w = 0; w < length; w++) {
                    sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
                }
                sb.append('.');
                words += length + 3;
            }
            out.add(sb.toString());
        }
        return out;
    }
}
