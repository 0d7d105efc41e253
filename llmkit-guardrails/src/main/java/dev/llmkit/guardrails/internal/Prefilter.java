package dev.llmkit.guardrails.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The literal words one of which a text must contain for a regular expression to match it, read from the expression's
 * leading alternatives ({@code \b(?:ignore|disregard|forget)...} gives {@code ignore}, {@code disregard},
 * {@code forget}). A rule whose literals are all absent is skipped without running its expression, which is most
 * of the heuristic layer's rules on most texts.
 */
final class Prefilter {
    private static final int MIN_LITERAL = 2;

    private Prefilter() {}

    /** The literals, or null when some branch of the expression starts with no literal (the rule always runs). */
    static String @Nullable [] literals(String regex) {
        List<String> out = new ArrayList<>();
        for (String branch : topLevel(regex)) {
            if (!leading(branch, out)) {
                return null;
            }
        }
        return out.toArray(String[]::new);
    }

    /** Whether {@code text} contains one of {@code literals}. */
    static boolean any(String text, String[] literals) {
        for (String l : literals) {
            if (text.contains(l)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the literal prefixes of {@code branch}; false when it has none. */
    private static boolean leading(String branch, List<String> out) {
        String b = branch;
        while (true) {
            if (b.startsWith("\\b")) {
                b = b.substring(2);
            } else if (b.startsWith("(?<!") || b.startsWith("(?<=") || b.startsWith("(?!") || b.startsWith("(?=")) {
                int end = close(b, b.indexOf('('));
                if (end < 0) {
                    return false;
                }
                b = b.substring(end + 1);
            } else {
                break;
            }
        }
        if (b.startsWith("(?:") || (b.startsWith("(") && !b.startsWith("(?"))) {
            int end = close(b, 0);
            if (end < 0 || end + 1 < b.length() && "?*{".indexOf(b.charAt(end + 1)) >= 0) {
                return false; // an optional group: the text may start with what follows it
            }
            String inner = b.substring(b.startsWith("(?:") ? 3 : 1, end);
            for (String alt : topLevel(inner)) {
                String lit = literal(alt);
                if (tooShort(lit)) {
                    return false;
                }
                out.add(lit);
            }
            return true;
        }
        String lit = literal(b);
        if (tooShort(lit)) {
            return false;
        }
        out.add(lit);
        return true;
    }

    /** A literal too common to be worth looking for: one letter or digit (a single symbol such as {@code [} is fine). */
    private static boolean tooShort(String lit) {
        return lit.length() < MIN_LITERAL && (lit.isEmpty() || Character.isLetterOrDigit(lit.charAt(0)));
    }

    /** The literal characters at the start of {@code s}, up to the first construct that is not one. */
    private static String literal(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    break;
                }
                char n = s.charAt(i + 1);
                if (Character.isLetterOrDigit(n)) {
                    break; // \b \s \w \d \n \x...
                }
                if (i + 2 < s.length() && "?*{".indexOf(s.charAt(i + 2)) >= 0) {
                    break;
                }
                sb.append(n);
                i += 2;
                continue;
            }
            if ("[]().^$|?*+{}".indexOf(c) >= 0) {
                break;
            }
            if (i + 1 < s.length() && "?*{".indexOf(s.charAt(i + 1)) >= 0) {
                break; // an optional character ends the literal before it
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    /**
     * The nesting depth of the group each character of {@code regex} stands in, counting a parenthesis in its own
     * group; -1 for an escaped character or one inside a character class, which opens or closes nothing.
     */
    private static int[] depths(String regex) {
        int[] d = new int[regex.length()];
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                d[i] = -1;
                if (i + 1 < d.length) {
                    d[++i] = -1;
                }
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                d[i] = -1;
                continue;
            }
            if (c == '[') {
                inClass = true;
                d[i] = -1;
            } else if (c == '(') {
                d[i] = ++depth;
            } else if (c == ')') {
                d[i] = depth--;
            } else {
                d[i] = depth;
            }
        }
        return d;
    }

    /** The alternatives of {@code regex} at its top level. */
    private static List<String> topLevel(String regex) {
        int[] d = depths(regex);
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            if (regex.charAt(i) == '|' && d[i] == 0) {
                parts.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(regex.substring(start));
        return parts;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int close(String s, int open) {
        int[] d = depths(s);
        for (int i = open + 1; i < s.length(); i++) {
            if (s.charAt(i) == ')' && d[i] == d[open]) {
                return i;
            }
        }
        return -1;
    }
}
