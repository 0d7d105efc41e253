package dev.llmkit.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A word, a number or a symbol of a question, and whether it looks like a name. */
final class Token {
    final String lower;
    final boolean numeric;
    final String number;
    final boolean entity;
    final boolean capitalised;
    /** Written right after a number, without a space ("2FA", "5km"). */
    boolean glued;
    /** Digits written between letters ("k8s"). */
    boolean inWord;

    private Token(String text, boolean sentenceStart) {
        String lowered = text.toLowerCase(Locale.ROOT);
        if (lowered.endsWith("'s")) {
            lowered = lowered.substring(0, lowered.length() - 2);
        } else if (lowered.endsWith("'")) {
            lowered = lowered.substring(0, lowered.length() - 1);
        }
        char c = text.charAt(0);
        this.lower = lowered;
        this.numeric = Character.isDigit(c);
        if (numeric) {
            String num = text.replace(",", "");
            if (num.contains(".")) {
                num = num.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            this.number = num;
            this.entity = false;
            this.capitalised = false;
            return;
        }
        this.number = "";
        boolean capital = Character.isUpperCase(c);
        boolean innerCapital = false;
        int upper = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char d = text.charAt(i);
            if (Character.isLetter(d)) {
                letters++;
            }
            if (Character.isUpperCase(d)) {
                upper++;
                innerCapital |= i > 0;
            }
        }
        boolean allCaps = letters >= 2 && upper == letters;
        this.capitalised = capital;
        this.entity = Character.isLetter(c) && (capital && !sentenceStart || innerCapital || allCaps);
    }

    /**
     * Whether the symbol at {@code i} is arithmetic: a power before a number ("x^2"), or another operator between
     * two numbers, or between a number and a one-letter variable ("2+2", "x - 3"); not a hyphen or a slash in
     * words ("blue-green", "async/await", "term life - how").
     */
    private static boolean operator(String s, int i) {
        int before = i - 1;
        while (before >= 0 && s.charAt(before) == ' ') {
            before--;
        }
        int after = i + 1;
        while (after < s.length() && s.charAt(after) == ' ') {
            after++;
        }
        boolean digitAfter = after < s.length() && Character.isDigit(s.charAt(after));
        if (s.charAt(i) == '^') {
            return digitAfter;
        }
        boolean digitBefore = before >= 0 && Character.isDigit(s.charAt(before));
        boolean variableBefore = before >= 0 && Character.isLetter(s.charAt(before))
                && (before == 0 || !Character.isLetterOrDigit(s.charAt(before - 1)));
        boolean variableAfter = after < s.length() && Character.isLetter(s.charAt(after))
                && (after + 1 >= s.length() || !Character.isLetterOrDigit(s.charAt(after + 1)));
        return digitBefore && (digitAfter || variableAfter) || digitAfter && variableBefore;
    }

    static List<Token> split(String text) {
        String s = text.replace('’', '\'').replace('‘', '\'');
        List<Token> out = new ArrayList<>();
        boolean sentenceStart = true;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                boolean digits = Character.isDigit(c);
                while (i < s.length()) {
                    char d = s.charAt(i);
                    boolean inner = i + 1 < s.length() && i > start
                            && (digits && (d == '.' || d == ',') && Character.isDigit(s.charAt(i + 1))
                                    || !digits && d == '\'' && Character.isLetter(s.charAt(i + 1)));
                    boolean same = Character.isLetterOrDigit(d) && Character.isDigit(d) == digits;
                    if (same || inner) {
                        i++;
                    } else {
                        break;
                    }
                }
                if (!digits && i < s.length() && s.charAt(i) == '\'' && s.charAt(i - 1) == 's') {
                    i++; // a plural possessive: "Pythagoras'"
                }
                String word = s.substring(start, i);
                String lower = word.toLowerCase(Locale.ROOT);
                Token token;
                if (lower.endsWith("n't")) {
                    token = new Token(word.substring(0, word.length() - 3), sentenceStart);
                    out.add(token);
                    out.add(new Token("n't", false));
                } else {
                    token = new Token(word, sentenceStart);
                    out.add(token);
                }
                token.glued = start > 0 && Character.isDigit(s.charAt(start - 1));
                token.inWord = digits && start > 0 && Character.isLetter(s.charAt(start - 1))
                        && i < s.length() && Character.isLetter(s.charAt(i));
                sentenceStart = false;
                continue;
            }
            if (c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == '\n') {
                sentenceStart = true;
            } else if ("$€£¥₹%°".indexOf(c) >= 0) {
                out.add(new Token(String.valueOf(c), false));
            } else if ("+*/×÷^-".indexOf(c) >= 0 && operator(s, i)) {
                out.add(new Token(String.valueOf(c), false));
            }
            i++;
        }
        return out;
    }
}
