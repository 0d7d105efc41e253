package dev.llmkit.rag;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Packs retrieved chunks, best first, into a token budget as numbered sources ({@code [1] ...}), keeping a
 * {@link Citation} for each, so an answer can cite {@code [2]} and the caller can show where it came from. A chunk
 * that does not fit is skipped (a smaller one after it may still fit); none is cut in the middle.
 */
public final class ContextBuilder {
    /** Default budget: 2,000 tokens of sources. */
    public static final int DEFAULT_TOKEN_BUDGET = 2000;

    private final int tokenBudget;
    private final TokenCounter counter;

    /** A builder with the default budget and the token estimator. */
    public ContextBuilder() {
        this(DEFAULT_TOKEN_BUDGET, TokenCounter.estimator());
    }

    /** A builder with a budget (at least 1) and a token counter. */
    public ContextBuilder(int tokenBudget, TokenCounter counter) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("tokenBudget must be at least 1, got " + tokenBudget);
        }
        this.tokenBudget = tokenBudget;
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** The packed context. */
    public Context build(List<ScoredChunk> chunks) {
        StringBuilder text = new StringBuilder();
        List<Citation> citations = new ArrayList<>();
        int used = 0;
        for (ScoredChunk sc : chunks) {
            int n = citations.size() + 1;
            String block = "[" + n + "] (" + sc.chunk().citation() + ")\n" + sc.chunk().text().strip() + "\n\n";
            int cost = counter.count(block);
            if (used + cost > tokenBudget) {
                continue;
            }
            used += cost;
            text.append(block);
            citations.add(new Citation(n, sc.chunk().source(), sc.chunk().position(),
                    sc.chunk().metadata().getOrDefault("heading", ""), sc));
        }
        return new Context(text.toString().strip(), citations, used);
    }

    /**
     * Numbered sources ready for a prompt.
     *
     * @param text the sources, each as {@code [n] (source#position)} and its text
     * @param citations one per source, in order
     * @param tokens the estimated tokens used
     */
    public record Context(String text, List<Citation> citations, int tokens) {
        /** Copies. */
        public Context {
            citations = List.copyOf(citations);
        }

        /** Whether no source fit. */
        public boolean isEmpty() {
            return citations.isEmpty();
        }
    }
}
