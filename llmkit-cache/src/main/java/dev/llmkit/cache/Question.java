package dev.llmkit.cache;

import static dev.llmkit.cache.Lexicon.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one question says about numbers, negation, entities, dates and units, for {@link LexicalVerifier}. */
final class Question {
    final List<String> numbers = new ArrayList<>();
    final List<String> operators = new ArrayList<>();
    final Set<String> words = new HashSet<>();
    final Set<String> stems = new HashSet<>();
    final Map<String, Integer> stemCounts = new HashMap<>();
    /** The words in order, for abbreviations written out in lower case ("HD", "high definition"). */
    final List<String> sequence = new ArrayList<>();
    final Set<String> entities = new HashSet<>();
    /** Initials of runs of capitalised words ("Major League Baseball": mlb), to the words of the run. */
    final Map<String, List<String>> runs = new HashMap<>();
    final Set<String> dates = new HashSet<>();
    final Set<String> units = new HashSet<>();
    final Set<String> quantities = new HashSet<>();
    final StringBuilder compact = new StringBuilder();
    boolean negated;
    boolean prevents;
    int negations;

    static Question of(String text) {
        Question f = new Question();
        List<Token> tokens = Token.split(text);
        int negations = 0;
        int preventions = 0;
        long pending = -1; // a number being read from words: "twenty five"
        long scaled = 0;
        String lastNumber = null;
        List<String> run = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String w = t.lower;
            String previous = i > 0 ? tokens.get(i - 1).lower : "";
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).lower : "";
            f.words.add(w);
            f.stems.add(stem(w));
            f.stemCounts.merge(stem(w), 1, Integer::sum);
            f.sequence.add(w);
            f.compact.append(w);
            if (t.capitalised && !t.numeric) {
                run.add(w);
            } else {
                f.endRun(run);
            }
            boolean afterNumber = lastNumber != null && i > 0 && (tokens.get(i - 1).numeric
                    || NUMBER_WORDS.containsKey(previous) || SCALES.containsKey(previous));
            Long n = NUMBER_WORDS.get(w);
            if (n == null && MULTIPLES.containsKey(w)) {
                f.numbers.add(Long.toString(MULTIPLES.get(w)));
                continue;
            }
            if (n != null) {
                pending = pending < 0 ? n : pending + n;
                lastNumber = Long.toString(n);
                continue;
            }
            if (SCALES.containsKey(w)) {
                if (pending < 0 && i > 0 && tokens.get(i - 1).numeric && !f.numbers.isEmpty()) {
                    f.numbers.remove(f.numbers.size() - 1);
                    pending = parse(tokens.get(i - 1).lower);
                } else if (pending < 0) {
                    pending = 1; // "per million", "a thousand"
                }
                scaled += pending * SCALES.get(w);
                pending = 0;
                continue;
            }
            if (pending >= 0 || scaled > 0) {
                lastNumber = Long.toString(scaled + Math.max(pending, 0));
                f.numbers.add(lastNumber);
                pending = -1;
                scaled = 0;
            }
            if (t.numeric && t.inWord) {
                continue; // part of a name: k8s, i18n
            }
            if (t.numeric) {
                if (previous.equals("q") && w.length() == 1 && "1234".contains(w)) {
                    f.dates.add("q" + w);
                    continue;
                }
                String number = t.number;
                if (next.equals("k") && i + 1 < tokens.size() && tokens.get(i + 1).glued) {
                    number = scaled(number, 1000);
                }
                f.numbers.add(number);
                lastNumber = number;
                String currency = UNITS.get(previous);
                if (currency != null && "$€£¥₹".contains(previous)) {
                    f.quantities.add(number + " " + currency);
                }
                if (t.number.length() == 4 && (t.number.startsWith("19") || t.number.startsWith("20"))) {
                    f.dates.add(t.number);
                }
                continue;
            }
            if (afterNumber && (w.equals("st") || w.equals("nd") || w.equals("rd") || w.equals("th"))) {
                continue;
            }
            Long ordinal = ORDINALS.get(w);
            if (ordinal != null && !(w.equals("second") && afterNumber)) {
                f.numbers.add(Long.toString(ordinal));
                continue;
            }
            String op = OPERATORS.get(w);
            if (op != null && (w.equals("times") || w.equals("over")) && !(afterNumber
                    && (next.isEmpty() || Character.isDigit(next.charAt(0)) || NUMBER_WORDS.containsKey(next)))) {
                op = null; // "how many times a day" is no multiplication
            }
            if (op != null) {
                f.operators.add(op);
                if (w.equals("squared") || w.equals("cubed")) {
                    f.numbers.add(w.equals("squared") ? "2" : "3");
                }
                continue;
            }
            if (PREVENTERS.contains(w) && (w.startsWith("avoid") || w.startsWith("prevent")
                    || followedByFrom(tokens, i))) {
                preventions++;
            } else if (NEGATIONS.contains(w) || w.equals("n't")) {
                negations++;
            }
            f.unit(w, previous, next, afterNumber, lastNumber, tokens, i);
            String date = DATES.get(w);
            if ((w.equals("am") || w.equals("pm")) && !afterNumber) {
                date = null;
            }
            if (date != null || w.equals("may") && (afterNumber || i + 1 < tokens.size()
                    && tokens.get(i + 1).numeric)) {
                f.dates.add(date == null ? "may" : date);
            }
            String period = DATES.getOrDefault(next, UNITS.getOrDefault(next, next));
            if (RELATIVE.contains(w) && PERIODS.contains(period)) {
                f.dates.add(w + " " + period);
            }
            if (previous.equals("new") && (w.equals("year") || w.equals("years"))) {
                f.dates.add("new year");
            }
            if (t.entity && !t.glued && !w.equals("i") && !w.startsWith("i'") && !UNITS.containsKey(w)
                    && !DATES.containsKey(w)) {
                f.entities.add(w);
            }
        }
        f.endRun(run);
        if (pending >= 0 || scaled > 0) {
            f.numbers.add(Long.toString(scaled + Math.max(pending, 0)));
        }
        f.numbers.removeIf(x -> x.equals("1")); // "a day", "one day" and "1 day" agree
        f.numbers.sort(null);
        f.operators.sort(null);
        f.negated = negations % 2 == 1;
        f.negations = negations;
        f.prevents = preventions % 2 == 1;
        return f;
    }

    private static boolean followedByFrom(List<Token> tokens, int i) {
        for (int j = i + 1; j < Math.min(tokens.size(), i + 6); j++) {
            if (tokens.get(j).lower.equals("from")) {
                return true;
            }
        }
        return false;
    }

    /** Counts {@code w} as a unit when it is one here, and pairs it with the number before it. */
    private void unit(String w, String previous, String next, boolean afterNumber, String lastNumber,
            List<Token> tokens, int i) {
        String unit = UNITS.get(w);
        if (unit == null && afterNumber) {
            unit = SHORT_UNITS.get(w);
        }
        if (w.equals("k")) {
            return; // "10k": a thousand times the number, read with it
        }
        if (unit == null) {
            return;
        }
        if (unit.equals("degree") && (TEMPERATURES.contains(UNITS.getOrDefault(next, ""))
                || next.equals("c") || next.equals("f") || !afterNumber)) {
            return; // "30 degrees Celsius", "30 °C": the temperature unit follows; "a degree" is no unit
        }
        if (TIME_UNITS.contains(unit) && !TIME_ADVERBS.contains(w) && !FINE_TIME.contains(unit)) {
            boolean quantity = afterNumber && !unit.equals("second") || QUANTIFIERS.contains(previous)
                    && !unit.equals("second") || unit.equals("second") && afterNumber;
            if (!quantity) {
                return;
            }
        }
        if (unit.equals("second") && !afterNumber) {
            return;
        }
        units.add(unit);
        if (lastNumber != null && !lastNumber.equals("1") && i >= 1 && (afterNumber
                || i >= 2 && tokens.get(i - 2).numeric
                && (previous.equals("degrees") || previous.equals("°")))) {
            quantities.add(lastNumber + " " + unit);
        }
    }

    private void endRun(List<String> run) {
        if (run.size() >= 2) {
            StringBuilder initials = new StringBuilder();
            for (String r : run) {
                initials.append(r.charAt(0));
            }
            runs.put(initials.toString(), List.copyOf(run));
        }
        run.clear();
    }

    /** Whether every entity of this question is found in {@code other}. */
    boolean entitiesFoundIn(Question other) {
        String compacted = other.compact.toString();
        for (String e : entities) {
            if (other.words.contains(e) || other.stems.contains(stem(e)) || e.length() >= 3
                    && compacted.contains(e) || other.runs.containsKey(e) || closeForm(e, other.words)
                    || inRunAbbreviatedIn(e, other) || spelledOut(e, other.sequence)) {
                continue;
            }
            return false;
        }
        return true;
    }

    private boolean inRunAbbreviatedIn(String e, Question other) {
        for (Map.Entry<String, List<String>> r : runs.entrySet()) {
            if (r.getValue().contains(e) && other.words.contains(r.getKey())) {
                return true;
            }
        }
        return false;
    }

    /** Whether consecutive words of {@code sequence} have {@code e}'s letters as initials ("hd"). */
    private static boolean spelledOut(String e, List<String> sequence) {
        int n = e.length();
        if (n < 2 || n > 5) {
            return false;
        }
        for (int i = 0; i + n <= sequence.size(); i++) {
            boolean all = true;
            for (int j = 0; j < n && all; j++) {
                String w = sequence.get(i + j);
                all = !w.isEmpty() && w.charAt(0) == e.charAt(j);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean closeForm(String e, Set<String> words) {
        for (String w : words) {
            String shorter = w.length() < e.length() ? w : e;
            String longer = shorter == w ? e : w;
            if (shorter.length() >= 6 && longer.length() - shorter.length() <= 2 && longer.startsWith(shorter)) {
                return true; // "postgres", "postgresql"
            }
        }
        for (String ending : NAME_ENDINGS) {
            if (words.contains(e + ending) || e.endsWith(ending) && e.length() - ending.length() >= 3
                    && words.contains(e.substring(0, e.length() - ending.length()))) {
                return true;
            }
        }
        return false;
    }

    private static String scaled(String number, long by) {
        try {
            return new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(by))
                    .stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return number;
        }
    }

    private static long parse(String digits) {
        try {
            return (long) Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
