package dev.llmkit.langchain4j;

import java.util.ArrayList;
import java.util.List;

/** Test passages on distinct topics and of very different lengths. */
final class Passages {
    private Passages() {}

    static final List<String> TOPICS = List.of(
            "Retries use exponential backoff with full jitter so that clients do not retry in lockstep.",
            "Bananas are rich in potassium.",
            "The circuit breaker opens after five consecutive failures and probes the service again after thirty"
                    + " seconds in the half-open state.",
            "Photosynthesis converts light energy into chemical energy stored in glucose, releasing oxygen as a"
                    + " by-product; it takes place in the chloroplasts of plant cells.",
            "Paris",
            "The Treaty of Westphalia, signed in 1648, ended the Thirty Years' War and laid the foundations of the"
                    + " modern system of sovereign states in Europe.",
            "How many calories are in a boiled egg?",
            "A mortgage is a loan secured by real estate; the borrower pays interest and principal in monthly"
                    + " instalments over a term of usually fifteen to thirty years, and the lender may foreclose if"
                    + " payments stop.",
            "Jupiter is the largest planet in the solar system, a gas giant with a mass more than twice that of all"
                    + " the other planets combined.",
            "To reset a router, hold the reset button for ten seconds until the lights blink.",
            "The mitochondria is the powerhouse of the cell.",
            "Symptoms of the flu include fever, chills, muscle aches, cough, congestion, runny nose, headaches and"
                    + " fatigue; most people recover within two weeks.");

    /** A long passage of about {@code words} words on one theme (a garden), different for each {@code seed}. */
    static String longPassage(int words, int seed) {
        String[] vocabulary = {"the", "garden", "tomatoes", "grow", "in", "summer", "sun", "water", "soil", "roots",
            "leaves", "compost", "seeds", "spring", "harvest", "a", "with", "and", "of", "beds", "weeds", "mulch"};
        StringBuilder sb = new StringBuilder();
        long state = seed * 2_654_435_761L + 1;
        for (int i = 0; i < words; i++) {
            state = state * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            int pick = (int) ((state >>> 33) % vocabulary.length);
            sb.append(i == 0 ? "" : " ").append(vocabulary[pick]);
        }
        return sb.append('.').toString();
    }

    /** {@link #TOPICS} plus long passages, in an order that mixes short and long. */
    static List<String> mixedLengths() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < TOPICS.size(); i++) {
            out.add(TOPICS.get(i));
            if (i % 3 == 0) {
                out.add(longPassage(40 + 60 * i, i));
            }
        }
        return out;
    }
}
