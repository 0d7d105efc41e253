package dev.llmkit.api;

import java.util.List;

/**
 * Counts tokens, for budgets, limiters and context packing. Exact counters are model-specific; the
 * {@link #estimator()} is a fast approximation that is good enough for budgeting when none is at hand.
 */
@FunctionalInterface
public interface TokenCounter {

    /** The number of tokens in {@code text}. */
    int count(String text);

    /**
     * The tokens a list of messages costs, counting each message's text plus a small per-message overhead
     * (4 tokens, as in OpenAI's chat format).
     */
    default int countMessages(List<? extends Message> messages) {
        int total = 3;
        for (Message m : messages) {
            total += 4 + count(m.text());
            if (m instanceof AssistantMessage a) {
                for (ToolCall call : a.toolCalls()) {
                    total += count(call.name()) + count(call.arguments());
                }
            }
        }
        return total;
    }

    /**
     * An estimator for English text and code, within about 15 % of BPE tokenizers such as cl100k on prose:
     * every run of letters or digits counts one token per 4 characters (at least one), every other
     * non-space character counts one.
     */
    static TokenCounter estimator() {
        return TokenCounter::estimate;
    }

    private static int estimate(String text) {
        int tokens = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                run++;
                continue;
            }
            if (run > 0) {
                tokens += (run + 3) / 4;
                run = 0;
            }
            if (!Character.isWhitespace(c)) {
                tokens++;
            }
        }
        if (run > 0) {
            tokens += (run + 3) / 4;
        }
        return tokens;
    }
}
