package dev.llmkit.guardrails.internal;

import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Linear scans that decide, far faster than the regular expressions they guard, whether a text can hold what an
 * expression looks for: a long run of base64 or hex characters, a word spelled out letter by letter, leetspeak.
 */
final class Scan {
    private static final Set<String> COMMON = Set.of("the", "and", "you", "to", "of", "is", "a", "in", "that", "your",
            "for", "it", "with", "are", "what", "me", "all");

    private Scan() {}

    /** Whether {@code s} has a run of at least {@code min} characters that {@code in} accepts. */
    static boolean hasRun(String s, int min, IntPredicate in) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (in.test(s.charAt(i))) {
                if (++run >= min) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    static boolean isBase64(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '-' || c == '_' || c == '=';
    }

    static boolean isHexOrSeparator(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ' ' || c == ':'
                || c == '\\' || c == 'x';
    }

    /** Whether {@code s} has three letters in a row each followed by one of {@code separators}: "i g n", "i.g.n". */
    static boolean spelledOut(String s, String separators) {
        int singles = 0;
        for (int i = 0; i + 1 < s.length(); i++) {
            boolean single = Character.isLetter(s.charAt(i)) && (i == 0 || !Character.isLetter(s.charAt(i - 1)))
                    && separators.indexOf(s.charAt(i + 1)) >= 0;
            if (single) {
                if (++singles >= 3) {
                    return true;
                }
                i++;
                while (i + 1 < s.length() && (separators.indexOf(s.charAt(i + 1)) >= 0)) {
                    i++;
                }
            } else if (Character.isLetter(s.charAt(i)) || separators.indexOf(s.charAt(i)) < 0) {
                singles = 0;
            }
        }
        return false;
    }

    /** Whether a word of {@code s} mixes letters with at least two of {@code 0 1 3 4 5 7 @ $}. */
    static boolean hasLeetWord(String s) {
        int letters = 0;
        int leet = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (c >= 'a' && c <= 'z') {
                letters++;
            } else if ("013457@$".indexOf(c) >= 0) {
                leet++;
            } else {
                if (letters >= 1 && leet >= 2) {
                    return true;
                }
                letters = 0;
                leet = 0;
            }
        }
        return false;
    }

    /** How many of the most common English words {@code lower} has, counted up to 3. */
    static int commonWords(String lower) {
        int n = 0;
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean letter = i < lower.length() && Character.isLetter(lower.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start <= 4 && COMMON.contains(lower.substring(start, i)) && ++n >= 3) {
                    return n;
                }
                start = -1;
            }
        }
        return n;
    }
}
