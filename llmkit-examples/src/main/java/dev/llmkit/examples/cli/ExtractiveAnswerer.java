package dev.llmkit.examples.cli;

import dev.llmkit.rag.Citation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers without a language model: picks the sentences of the retrieved chunks that share the most content words
 * with the question (ties broken by the chunk's rank) and quotes them with their citation numbers. It never pretends
 * to be a model.
 */
final class ExtractiveAnswerer {
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+|\\n\\s*\\n|\\n(?=[-*] |\\d+\\. )");
    /** How many quotes an answer gives by default. */
    static final int DEFAULT_QUOTES = 3;
    private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is",
            "are", "be", "do", "does", "i", "how", "what", "when", "why", "which", "with", "it", "my", "can", "by", "as",
            "at", "this", "that", "from", "you", "your", "me", "we", "use", "should", "will", "there", "if", "not");

    private ExtractiveAnswerer() {}

    /**
     * A quoted sentence.
     *
     * @param text the sentence
     * @param source the retrieved source it comes from
     */
    record Quote(String text, Citation source) {
    }

    static List<Quote> answer(String question, List<Citation> citations, int maxQuotes) {
        Set<String> terms = terms(question);
        record Scored(Quote quote, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Citation c : citations) {
            String text = c.chunk().chunk().text();
            String heading = c.heading();
            if (!heading.isEmpty() && text.startsWith(heading)) {
                text = text.substring(heading.length());
            }
            for (String raw : SENTENCE.split(text)) {
                String s = raw.strip().replaceAll("\\s+", " ");
                if (s.length() < 20 || s.startsWith("```") || s.startsWith("|")) {
                    continue;
                }
                // words inside `code spans` are commands and identifiers, not prose that answers the question
                Set<String> words = terms(s.replaceAll("`[^`]*`", " "));
                long overlap = words.stream().filter(terms::contains).count();
                if (overlap == 0) {
                    continue;
                }
                double score = overlap / Math.sqrt(Math.max(4, words.size())) - 0.05 * (c.number() - 1);
                scored.add(new Scored(new Quote(s.length() > 400 ? s.substring(0, 397) + "..." : s, c), score));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<Quote> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Scored s : scored) {
            if (out.size() >= maxQuotes) {
                break;
            }
            if (seen.add(s.quote().text())) {
                out.add(s.quote());
            }
        }
        return out;
    }

    static Set<String> terms(String text) {
        Set<String> out = new HashSet<>();
        for (String w : WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (w.length() > 1 && !STOP.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    private static String stem(String w) {
        if (w.length() > 5 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("es")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
