package dev.llmkit.examples.cli;

import dev.llmkit.rag.Citation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Answers without a language model: quotes the sentences of the retrieved chunks that best cover the question's
 * words, each with its citation, and says when none does. It never pretends to be a model.
 *
 * <p>Each content word of the question is weighted by its rarity in the index (inverse document frequency), so a
 * word the documents never use ("Kubernetes") weighs most. A sentence's <em>support</em> is the weighted share of the
 * question's words it contains; words of the section heading count {@value #HEADING_WEIGHT} as much, so a sentence
 * under "Circuit breaker" answers a question about the breaker without repeating its name. Identifiers in code
 * ({@code CircuitOpenException}) are split into their words. The answer is the best sentence and up to two more whose
 * score is close to it; when the best support is under {@link #DEFAULT_MIN_SUPPORT} the answerer refuses.
 *
 * <p>The constants were calibrated on a judged question set over llmkit's own docs (the {@code answer-quality} test
 * resources), tuned on two thirds of it and checked on the held-out third.
 */
final class ExtractiveAnswerer {
    /** How many quotes an answer gives at most. */
    static final int DEFAULT_QUOTES = 3;
    /** Refuse when the best sentence covers less than this weighted share of the question's words. */
    static final double DEFAULT_MIN_SUPPORT = 0.35;
    /** Further quotes must score at least this fraction of the best one. */
    static final double CLOSE_TO_BEST = 0.85;
    /** Characters two quotes must share at a head or tail to count as the same sentence. */
    static final int OVERLAP_CHARS = 40;
    /** How much a word of the section heading counts against a word of the sentence itself. */
    static final double HEADING_WEIGHT = 0.6;
    /** Score lost per rank of the chunk a sentence comes from, so ties go to the better-retrieved chunk. */
    static final double RANK_PENALTY = 0.02;

    private static final Pattern FENCE = Pattern.compile("(?s)```.*?(```|$)");
    // sentence ends; blank lines; list items and table rows, also where a long block's line breaks were lost
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?:;])\\s+(?=[A-Z`\"(])|\\n\\s*\\n"
            + "|\\n(?=[-*|] |\\d+\\. )|(?<=\\|)\\s+(?=\\|)|(?<=[.:;)])\\s+(?=[-*] )");
    private static final Pattern QUOTED_QUESTION = Pattern.compile("\"[^\"]*\\?\"");
    private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern CAMEL = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})");
    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is",
            "are", "be", "do", "does", "did", "i", "how", "what", "when", "why", "which", "who", "where", "with", "it",
            "its", "my", "can", "could", "by", "as", "at", "this", "that", "these", "those", "from", "you", "your", "me",
            "we", "our", "use", "using", "should", "will", "would", "there", "if", "not", "no", "any", "ever", "happen",
            "happens", "get", "make", "need", "want", "way", "llmkit", "about", "into", "than", "then", "so", "has",
            "have", "was", "were", "been", "also", "just", "only", "some", "all", "each", "other", "after", "before");

    private ExtractiveAnswerer() {}

    /**
     * A quoted sentence.
     *
     * @param text the sentence
     * @param source the retrieved source it comes from
     * @param support the weighted share of the question's words it covers
     */
    record Quote(String text, Citation source, double support) {
    }

    /**
     * An extractive answer.
     *
     * @param quotes the quotes, best first; empty when nothing supports an answer
     * @param support the best sentence's support (0 to 1)
     */
    record Extract(List<Quote> quotes, double support) {
    }

    /**
     * Picks the quotes for {@code question} from {@code citations}.
     *
     * @param rarity the inverse document frequency of a question word (as the user typed it) in the index
     * @param minSupport the support under which nothing is quoted
     */
    static Extract answer(String question, List<Citation> citations, ToDoubleFunction<String> rarity,
            double minSupport, int maxQuotes) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String w : words(question)) {
            String stem = stem(w);
            if (!STOP.contains(w) && !STOP.contains(stem) && w.length() > 1) {
                weights.merge(stem, Math.max(0.1, rarity.applyAsDouble(w)), Math::max);
            }
        }
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total == 0) {
            return new Extract(List.of(), 0);
        }
        record Scored(Quote quote, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Citation c : citations) {
            String text = c.chunk().chunk().text();
            String heading = c.heading();
            if (!heading.isEmpty() && text.startsWith(heading)) {
                text = text.substring(heading.length());
            }
            Set<String> headingTerms = terms(heading);
            for (String raw : SENTENCE.split(FENCE.matcher(text).replaceAll("\n\n"))) {
                String s = clean(raw);
                if (s.length() < 20 || s.matches("[-| :]+")) {
                    continue;
                }
                // a quoted question ("How do I ...?") is an example of asking, not an answer to it
                Set<String> sentenceTerms = terms(QUOTED_QUESTION.matcher(s).replaceAll(" "));
                double covered = 0;
                for (var e : weights.entrySet()) {
                    if (sentenceTerms.contains(e.getKey())) {
                        covered += e.getValue();
                    } else if (headingTerms.contains(e.getKey())) {
                        covered += HEADING_WEIGHT * e.getValue();
                    }
                }
                if (covered == 0) {
                    continue;
                }
                double support = covered / total;
                double score = support - RANK_PENALTY * (c.number() - 1);
                scored.add(new Scored(new Quote(s.length() > 400 ? s.substring(0, 397) + "..." : s, c, support), score));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        if (scored.isEmpty() || scored.get(0).quote().support() < minSupport) {
            return new Extract(List.of(), scored.isEmpty() ? 0 : scored.get(0).quote().support());
        }
        Quote top = scored.get(0).quote();
        double best = scored.get(0).score();
        List<Quote> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Scored s : scored) {
            if (out.size() >= maxQuotes || s.score() < CLOSE_TO_BEST * best || s.quote().support() < minSupport) {
                break;
            }
            // further quotes only from the best quote's section, so an answer does not wander between topics
            boolean sameSection = s.quote().source().source().equals(top.source().source())
                    && s.quote().source().heading().equals(top.source().heading());
            boolean repeats = out.stream().anyMatch(q -> overlaps(q.text(), s.quote().text()));
            if (sameSection && !repeats && seen.add(s.quote().text())) {
                out.add(s.quote());
            }
        }
        return new Extract(out, scored.get(0).quote().support());
    }

    /**
     * Whether two quotes are (parts of) the same sentence: chunks overlap, so a sentence cut at a chunk's edge comes
     * back as a fragment of itself, sharing its head or its tail.
     */
    static boolean overlaps(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        String cut = shorter.endsWith("...") ? shorter.substring(0, shorter.length() - 3) : shorter;
        if (cut.length() < OVERLAP_CHARS) {
            return longer.contains(cut);
        }
        return longer.contains(cut.substring(0, OVERLAP_CHARS))
                || longer.contains(cut.substring(cut.length() - OVERLAP_CHARS));
    }

    /** A sentence as quoted: one line, table cells separated by " | ", list markers dropped. */
    private static String clean(String raw) {
        String s = raw.strip().replaceAll("\\s+", " ");
        if (s.startsWith("|")) {
            s = s.replaceAll("^\\|\\s*|\\s*\\|$", "").replaceAll("\\s*\\|\\s*", " | ");
        }
        return s.replaceFirst("^[-*] ", "");
    }

    /** The lower-case words of {@code text}, identifiers split at camel case. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : WORD.split(CAMEL.matcher(text).replaceAll(" "))) {
            if (!w.isEmpty()) {
                out.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The stemmed content words of {@code text}. */
    static Set<String> terms(String text) {
        Set<String> out = new HashSet<>();
        for (String w : words(text)) {
            if (w.length() > 1 && !STOP.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** A light suffix stripper: cache, caches, caching and cached share one stem. */
    static String stem(String w) {
        String s = w;
        if (s.length() > 4 && s.endsWith("ies")) {
            s = s.substring(0, s.length() - 3) + "y";
        } else if (s.length() > 4 && s.endsWith("ied")) {
            s = s.substring(0, s.length() - 3) + "y";
        } else if (s.length() > 5 && s.endsWith("ing")) {
            s = s.substring(0, s.length() - 3);
        } else if (s.length() > 4 && s.endsWith("ed")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.length() > 4 && s.endsWith("es")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.length() > 3 && s.endsWith("s") && !s.endsWith("ss")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > 3 && s.endsWith("e")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
