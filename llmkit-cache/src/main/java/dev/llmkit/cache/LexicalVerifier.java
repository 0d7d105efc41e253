package dev.llmkit.cache;

import static dev.llmkit.cache.Lexicon.FUNCTION_WORDS;
import static dev.llmkit.cache.Lexicon.NEGATING_PREFIXES;
import static dev.llmkit.cache.Lexicon.OPPOSITES;
import static dev.llmkit.cache.Lexicon.stem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link HitVerifier}: two questions may share an answer only when they agree, after normalisation, on
 * <ul>
 *   <li><b>numbers</b> and arithmetic ("2+2" vs "2+3"; "five" is "5", "1,000" is "1000", "x squared" is "x^2"; a
 *       lone "one" or "a" equals "1", so "1" is not compared);</li>
 *   <li><b>negation</b>: an odd number of negating words on one side only ("not", "never", "without", "can't",
 *       "unable", "stop", "avoid"), or a word on one side whose opposite is on the other ("enable"/"disable",
 *       "subscribe"/"unsubscribe", "before"/"after", "benefits"/"risks");</li>
 *   <li><b>named entities</b>: every capitalised word that does not start a sentence, and every word with inner
 *       capitals or in capitals, must appear in the other question in any case, as a plural or a close form
 *       ("Africa", "African"), run together ("NullPointerException", "null pointer exception") or as an acronym
 *       ("MLB", "Major League Baseball");</li>
 *   <li><b>dates and times</b>: months, weekdays, today/tomorrow/yesterday, seasons, quarters, holidays, am/pm,
 *       years and "next/last + period";</li>
 *   <li><b>units and currencies</b>, spellings and symbols folded ("km", "kilometres"; "$", "USD", "dollars"), and
 *       which unit each number carries ("30 °C in °F" is not "30 °F in °C"). Units of time count only with a quantity
 *       ("5 days", "per hour", "daily"), so "how long" and "how many days" agree.</li>
 * </ul>
 * It errs towards a miss: a paraphrase that writes a number in a form it does not know ("a quarter" vs "25%"), an
 * abbreviation ("JS" vs "JavaScript") or another unit for the same quantity ("a week" vs "7 days") is refused. Its
 * reasons name the kind of difference only, never the values (which may be private). Stateless and thread-safe; its
 * word lists are English. {@code docs/benchmarks.md} gives its precision and hit rate on a labelled set.
 */
public final class LexicalVerifier implements HitVerifier {
    /** A verifier; it has no settings. */
    public LexicalVerifier() {
    }

    @Override
    public Optional<String> difference(String stored, String asked) {
        Question a = Question.of(stored);
        Question b = Question.of(asked);
        if (!a.numbers.equals(b.numbers) || !a.operators.equals(b.operators)) {
            return Optional.of("numbers differ");
        }
        if (a.negated != b.negated || a.prevents != b.prevents || opposed(a, b) || opposed(b, a)) {
            return Optional.of("negation or opposite words differ");
        }
        if (!a.entitiesFoundIn(b) || !b.entitiesFoundIn(a)) {
            return Optional.of("named entities differ");
        }
        if (!a.dates.equals(b.dates)) {
            return Optional.of("dates differ");
        }
        if (!a.units.equals(b.units) || !a.quantities.equals(b.quantities)) {
            return Optional.of("units differ");
        }
        if (oneWordSwapped(a.sequence, b.sequence) || oneSpanSwapped(a.sequence, b.sequence)) {
            return Optional.of("a single word differs");
        }
        if (twoWordsExchanged(a.sequence, b.sequence)) {
            return Optional.of("the direction differs"); // "dollars to euros" vs "euros to dollars"
        }
        if (a.negations > 0 && !a.sequence.equals(b.sequence) && sorted(a.sequence).equals(sorted(b.sequence))) {
            return Optional.of("negation or opposite words differ"); // "receive but not make" vs "make but not receive"
        }
        return Optional.empty();
    }

    /**
     * Whether the two questions are the same words but one, in the same places, and that one is a content word in
     * both ("Is ibuprofen safe for dogs?" vs "Is gabapentin safe for dogs?"): a swapped name, which a lower-case name
     * hides from the entity check, far more often than a synonym.
     */
    private static boolean oneWordSwapped(List<String> a, List<String> b) {
        if (a.size() != b.size() || a.size() < 3) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                if (at >= 0) {
                    return false;
                }
                at = i;
            }
        }
        if (at < 0) {
            return false;
        }
        String x = a.get(at);
        String y = b.get(at);
        return !FUNCTION_WORDS.contains(x) && !FUNCTION_WORDS.contains(y) && !stem(x).equals(stem(y))
                && x.length() >= 3 && y.length() >= 3 && Character.isLetter(x.charAt(0))
                && Character.isLetter(y.charAt(0));
    }

    /**
     * Whether the questions differ only in one short run of content words in the same place ("close to the louvre"
     * vs "close to the eiffel tower"), no word of which the other run shares.
     */
    private static boolean oneSpanSwapped(List<String> a, List<String> b) {
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        List<String> x = a.subList(start, endA);
        List<String> y = b.subList(start, endB);
        if (x.isEmpty() || y.isEmpty() || x.size() > 2 || y.size() > 2 || x.size() + y.size() < 3
                || a.size() - x.size() < 3) {
            return false; // one word each is oneWordSwapped's; longer runs are rewordings
        }
        for (String w : x) {
            for (String v : y) {
                if (stem(w).equals(stem(v))) {
                    return false;
                }
            }
        }
        for (String w : x) {
            if (FUNCTION_WORDS.contains(w) || !Character.isLetter(w.charAt(0))) {
                return false;
            }
        }
        for (String v : y) {
            if (FUNCTION_WORDS.contains(v) || !Character.isLetter(v.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the questions are the same words with two of them exchanged ("from A to B" vs "from B to A"). */
    private static boolean twoWordsExchanged(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        int first = -1;
        int second = -1;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                } else {
                    return false;
                }
            }
        }
        return second > 0 && a.get(first).equals(b.get(second)) && a.get(second).equals(b.get(first));
    }

    private static List<String> sorted(List<String> words) {
        List<String> copy = new ArrayList<>(words);
        copy.sort(null);
        return copy;
    }

    /**
     * Whether {@code a} has a word more often than {@code b} while {@code b} has its opposite more often than
     * {@code a} ("turn on roaming on my phone" vs "turn off roaming on my phone").
     */
    private static boolean opposed(Question a, Question b) {
        for (Map.Entry<String, Integer> e : a.stemCounts.entrySet()) {
            String s = e.getKey();
            if (e.getValue() <= b.stemCounts.getOrDefault(s, 0)) {
                continue;
            }
            for (String o : OPPOSITES.getOrDefault(s, Set.of())) {
                if (b.stemCounts.getOrDefault(o, 0) > a.stemCounts.getOrDefault(o, 0)) {
                    return true;
                }
            }
            if (b.stems.contains(s)) {
                continue;
            }
            if (s.length() >= 3) {
                for (String prefix : NEGATING_PREFIXES) {
                    String negated = prefix + s;
                    if (b.stems.contains(negated) && !a.stems.contains(negated)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }


}
