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
     * An estimator that needs no tokenizer: every run of letters or digits counts one token per 4 characters (at
     * least one), every other non-space character counts one. Measured against cl100k_base / o200k_base on
     * llmkit-routing's 318-sample corpus, it overcounts English prose by about 42% (mean error 42.5% / 44.6%, max 83%)
     * and code by about 40%; across all samples the mean error is 37.5% / 38.1% and the worst case 200%. Safe for
     * budgets and rate limits (it errs high on English), wasteful for packing a context window; use
     * {@code OpenAiTokenCounter} (llmkit-routing) for exact counts.
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
