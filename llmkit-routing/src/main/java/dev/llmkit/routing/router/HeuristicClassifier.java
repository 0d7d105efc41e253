package dev.llmkit.routing.router;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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

    private static final Pattern REASONING = Pattern.compile(
            "\\b(prove|derive|step by step|analy[sz]e|compare|design|optimi[sz]e|debug|trade-?offs?|architecture)\\b");
    private static final Pattern CODE_LINE = Pattern.compile("(?m)[;{}]\\s*$");
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
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> why = new ArrayList<>();
        int points = 0;
        int tokens = counter.count(text);
        if (tokens > 1500) {
            points += 2;
            why.add("very long prompt");
        } else if (tokens > 300) {
            points += 1;
            why.add("long prompt");
        }
        if (text.contains("```") || CODE_LINE.matcher(text).results().limit(3).count() >= 3) {
            points += 2;
            why.add("code");
        }
        long reasoning = REASONING.matcher(lower).results().limit(2).count();
        if (reasoning > 0) {
            points += (int) reasoning;
            why.add("asks for reasoning");
        }
        if (text.chars().filter(c -> c == '?').count() >= 2) {
            points += 1;
            why.add("several questions");
        }
        if (request.messages().size() > 6) {
            points += 1;
            why.add("long conversation");
        }
        if (!request.tools().isEmpty()) {
            points += 1;
            why.add("tools offered");
        }
        boolean complex = points >= THRESHOLD;
        double confidence = Math.min(1.0, 0.5 + 0.15 * Math.abs(points - (THRESHOLD - 0.5)));
        String reason = points + " points" + (why.isEmpty() ? "" : " (" + String.join(", ", why) + ")");
        return new Classification(complex ? COMPLEX : SIMPLE, confidence, reason);
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
