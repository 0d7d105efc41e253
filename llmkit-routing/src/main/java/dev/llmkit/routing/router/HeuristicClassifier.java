package dev.llmkit.routing.router;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.TokenCounter;
import java.util.Set;

/**
 * Labels a request {@value #SIMPLE} or {@value #COMPLEX} by rules on its text, with no model: a fast first router for
 * "small model for simple questions". It adds points for a long prompt (over 300 estimated tokens: 1, over 1,500: 2),
 * code (a fenced block, or several lines ending in braces or semicolons: 2), words that ask for reasoning
 * ({@code prove}, {@code derive}, {@code step by step}, {@code analyse}/{@code analyze}, {@code compare},
 * {@code design}, {@code optimise}/{@code optimize}, {@code debug}, {@code trade-off}, {@code architecture}: 1 each,
 * at most 2), several questions in one message (1), a long conversation (over 6 messages: 1) and tools offered (1);
 * {@value #COMPLEX} at 3 points or more. Confidence grows with the distance from that threshold.
 *
 * <p>It is a heuristic: measure it on your own traffic (label a few hundred prompts, count agreements) before
 * trusting it with cost, and prefer {@link EmbeddingClassifier} when you have labelled examples.
 */
public final class HeuristicClassifier implements Classifier {
    /** The label of requests a small model can answer. */
    public static final String SIMPLE = "simple";
    /** The label of requests that need a strong model. */
    public static final String COMPLEX = "complex";

    private static final String[] REASONING_WORDS = {"prove", "derive", "step by step", "analyse", "analyze",
        "compare", "design", "optimise", "optimize", "debug", "trade-off", "tradeoff", "architecture"};
    /** The reasoning words by their first letter, a to z: most words of a prompt are rejected by one array read. */
    private static final String[][] BY_FIRST_LETTER = new String[26][];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            char first = c;
            BY_FIRST_LETTER[c - 'a'] = java.util.Arrays.stream(REASONING_WORDS).filter(w -> w.charAt(0) == first)
                    .toArray(String[]::new);
        }
    }
    private static final int THRESHOLD = 3;

    private final TokenCounter counter;

    /** A classifier that estimates tokens with {@link TokenCounter#estimator()}. */
    public HeuristicClassifier() {
        this(TokenCounter.estimator());
    }

    /** A classifier that counts tokens with {@code counter}. */
    public HeuristicClassifier(TokenCounter counter) {
        this.counter = counter;
    }

    @Override
    public Classification classify(ChatRequest request) {
        String text = request.lastUserText();
        int tokens = counter.count(text);
        int features = (tokens > 1500 ? VERY_LONG : tokens > 300 ? LONG : 0)
                | (hasCode(text) ? CODE : 0)
                | Math.min(2, reasoningWords(text)) * REASONING
                | (questions(text) >= 2 ? QUESTIONS : 0)
                | (request.messages().size() > 6 ? CONVERSATION : 0)
                | (!request.tools().isEmpty() ? TOOLS : 0);
        Classification c = CACHE[features];
        if (c == null) {
            c = describe(features);
            CACHE[features] = c; // a benign race: every thread computes the same value
        }
        return c;
    }

    private static final int LONG = 1;
    private static final int VERY_LONG = 2;
    private static final int CODE = 4;
    private static final int REASONING = 8; // times 0, 1 or 2: bits 8 and 16
    private static final int QUESTIONS = 32;
    private static final int CONVERSATION = 64;
    private static final int TOOLS = 128;
    /** One classification per combination of features: classifying allocates nothing once they are seen. */
    private static final Classification[] CACHE = new Classification[256];

    private static Classification describe(int features) {
        int points = 0;
        StringBuilder why = new StringBuilder();
        if ((features & VERY_LONG) != 0) {
            points += 2;
            why.append(", very long prompt");
        } else if ((features & LONG) != 0) {
            points += 1;
            why.append(", long prompt");
        }
        if ((features & CODE) != 0) {
            points += 2;
            why.append(", code");
        }
        int reasoning = (features / REASONING) & 3;
        if (reasoning > 0) {
            points += reasoning;
            why.append(", asks for reasoning");
        }
        if ((features & QUESTIONS) != 0) {
            points += 1;
            why.append(", several questions");
        }
        if ((features & CONVERSATION) != 0) {
            points += 1;
            why.append(", long conversation");
        }
        if ((features & TOOLS) != 0) {
            points += 1;
            why.append(", tools offered");
        }
        boolean complex = points >= THRESHOLD;
        double confidence = Math.min(1.0, 0.5 + 0.15 * Math.abs(points - (THRESHOLD - 0.5)));
        String reason = why.length() == 0 ? points + " points" : points + " points (" + why.substring(2) + ")";
        return new Classification(complex ? COMPLEX : SIMPLE, confidence, reason);
    }

    /** A fenced block, or three lines ending in a brace or a semicolon. */
    private static boolean hasCode(String text) {
        if (text.contains("```")) {
            return true;
        }
        int codeLines = 0;
        int last = -1;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                int j = i - 1;
                while (j > last && Character.isWhitespace(text.charAt(j))) {
                    j--;
                }
                if (j > last) {
                    char c = text.charAt(j);
                    if ((c == ';' || c == '{' || c == '}') && ++codeLines >= 3) {
                        return true;
                    }
                }
                last = i;
            }
        }
        return false;
    }

    private static int questions(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }

    /** Words that ask for reasoning, at most 2, matched case-insensitively at word starts without a regex. */
    private static int reasoningWords(String text) {
        int found = 0;
        for (int i = 0; i < text.length() && found < 2; i++) {
            if (!Character.isLetter(text.charAt(i)) || (i > 0 && Character.isLetter(text.charAt(i - 1)))) {
                continue;
            }
            char first = Character.toLowerCase(text.charAt(i));
            if (first < 'a' || first > 'z') {
                continue;
            }
            for (String w : BY_FIRST_LETTER[first - 'a']) {
                if (text.regionMatches(true, i, w, 0, w.length())) {
                    int end = i + w.length();
                    if (end == text.length() || !Character.isLetter(text.charAt(end)) || w.endsWith("-")) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found;
    }

    @Override
    public Set<String> labels() {
        return Set.of(SIMPLE, COMPLEX);
    }

    @Override
    public String toString() {
        return "HeuristicClassifier";
    }
}
