package dev.llmkit.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link HitVerifier}: two questions may share an answer only when they agree, after normalisation, on
 * <ul>
 *   <li><b>numbers</b> and arithmetic operators ("2+2" vs "2+3", "five" equals "5", "1,000" equals "1000");</li>
 *   <li><b>negation</b>: an odd number of negating words on one side only ("not", "never", "without", "can't",
 *       "unable", "failed"), or a word on one side whose opposite is on the other ("enable"/"disable",
 *       "subscribe"/"unsubscribe", "before"/"after", "log in"/"log out");</li>
 *   <li><b>named entities</b>: every capitalised word that does not start a sentence (and every word with inner
 *       capitals or in capitals, wherever it stands) must appear, in any case, in the other question;</li>
 *   <li><b>dates and times</b>: months, weekdays, today/tomorrow/yesterday, seasons, quarters, holidays, am/pm and
 *       "next/last/this + period";</li>
 *   <li><b>units and currencies</b>, with their spellings and symbols folded ("km", "kilometres"; "$", "USD",
 *       "dollars"; "°F", "fahrenheit"; "hourly", "per hour").</li>
 * </ul>
 * It errs towards a miss: a paraphrase that writes a number in another form it does not know ("a dozen" vs "12"), an
 * abbreviation ("JS" vs "JavaScript") or a different unit for the same quantity is refused. Its reasons name the kind
 * of difference only, never the values (which may be private). Stateless and thread-safe; its word lists are English.
 */
public final class LexicalVerifier implements HitVerifier {
    private static final Map<String, Long> NUMBER_WORDS = new HashMap<>();
    private static final Map<String, Long> SCALES = Map.of("hundred", 100L, "thousand", 1_000L, "million",
            1_000_000L, "billion", 1_000_000_000L);
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("+", "+"), Map.entry("plus", "+"),
            Map.entry("-", "-"), Map.entry("minus", "-"), Map.entry("*", "*"), Map.entry("×", "*"),
            Map.entry("times", "*"), Map.entry("multiplied", "*"), Map.entry("/", "/"), Map.entry("÷", "/"),
            Map.entry("divided", "/"), Map.entry("^", "^"), Map.entry("squared", "^2"), Map.entry("cubed", "^3"),
            Map.entry("sqrt", "sqrt"), Map.entry("root", "sqrt"), Map.entry("percent", "%"), Map.entry("%", "%"));
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "nobody", "nothing", "none", "neither",
            "nor", "without", "cannot", "unable", "fail", "fails", "failed", "failing", "dont", "cant", "wont",
            "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "shouldnt", "couldnt", "wouldnt", "havent",
            "hasnt", "hadnt", "mustnt", "neednt");
    /** Pairs of words with opposite meanings, by their folded stems (see {@link #stem}). */
    private static final Map<String, String> OPPOSITES = new HashMap<>();
    private static final List<String> NEGATING_PREFIXES = List.of("un", "dis", "non", "de", "in", "im");
    private static final Map<String, String> UNITS = new HashMap<>();
    /** Units written as one letter, counted only right after a number ("5 g", "10m"). */
    private static final Map<String, String> SHORT_UNITS = Map.of("m", "m", "g", "g", "l", "l", "h", "hour",
            "s", "second", "c", "celsius", "f", "fahrenheit", "k", "thousand", "t", "t");
    private static final Set<String> DATE_WORDS = new HashSet<>();
    /** Month and weekday names folded to their three-letter forms. */
    private static final Map<String, String> DATE_FORMS = new HashMap<>();
    private static final Set<String> PERIODS = Set.of("day", "days", "week", "weeks", "weekend", "month", "months",
            "year", "years", "quarter", "quarters", "season", "semester", "term", "morning", "night", "evening",
            "afternoon", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Set<String> RELATIVE = Set.of("next", "last", "this", "previous", "coming", "past",
            "following", "current");

    static {
        String[] small = {"zero", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        for (int i = 0; i < small.length; i++) {
            if (!small[i].isEmpty()) {
                NUMBER_WORDS.put(small[i], (long) i);
            }
        }
        String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            NUMBER_WORDS.put(tens[i], 20L + 10L * i);
        }
        NUMBER_WORDS.put("dozen", 12L);
        String[][] opposite = {{"enable", "disable"}, {"on", "off"}, {"in", "out"}, {"up", "down"},
            {"open", "close"}, {"start", "stop"}, {"add", "remove"}, {"increase", "decrease"},
            {"include", "exclude"}, {"accept", "reject"}, {"allow", "block"}, {"allow", "deny"}, {"buy", "sell"},
            {"upload", "download"}, {"import", "export"}, {"login", "logout"}, {"show", "hide"},
            {"encrypt", "decrypt"}, {"before", "after"}, {"above", "below"}, {"over", "under"},
            {"maximum", "minimum"}, {"max", "min"}, {"more", "less"}, {"most", "least"}, {"higher", "lower"},
            {"high", "low"}, {"best", "worst"}, {"first", "last"}, {"earliest", "latest"}, {"oldest", "newest"},
            {"largest", "smallest"}, {"biggest", "smallest"}, {"fastest", "slowest"}, {"hot", "cold"},
            {"push", "pull"}, {"send", "receive"}, {"win", "lose"}, {"gain", "loss"}, {"profit", "loss"},
            {"positive", "negative"}, {"true", "false"}, {"enter", "exit"}, {"arrive", "depart"},
            {"arrival", "departure"}, {"join", "leave"}, {"hire", "fire"}, {"debit", "credit"},
            {"deposit", "withdraw"}, {"north", "south"}, {"east", "west"}, {"left", "right"},
            {"inbound", "outbound"}, {"input", "output"}, {"minimize", "maximize"}, {"early", "late"},
            {"cheap", "expensive"}, {"cheapest", "expensive"}, {"safe", "unsafe"}, {"legal", "illegal"},
            {"public", "private"}, {"sync", "async"}, {"online", "offline"}, {"forward", "backward"},
            {"upgrade", "downgrade"}, {"inhale", "exhale"}, {"import", "export"}, {"shorten", "lengthen"}};
        for (String[] p : opposite) {
            OPPOSITES.merge(stem(p[0]), stem(p[1]), (a, b) -> a + "|" + b);
            OPPOSITES.merge(stem(p[1]), stem(p[0]), (a, b) -> a + "|" + b);
        }
        String[][] units = {{"km", "km", "kilometer", "kilometers", "kilometre", "kilometres", "kms"},
            {"m", "meter", "meters", "metre", "metres"}, {"cm", "cm", "centimeter", "centimeters", "centimetre",
                "centimetres"}, {"mm", "mm", "millimeter", "millimeters", "millimetre", "millimetres"},
            {"mi", "mi", "mile", "miles"}, {"ft", "ft", "foot", "feet"}, {"inch", "inch", "inches"},
            {"yd", "yd", "yard", "yards"}, {"mph", "mph"}, {"kph", "kph", "kmh"}, {"kg", "kg", "kgs", "kilogram",
                "kilograms", "kilo", "kilos"}, {"g", "gram", "grams"}, {"mg", "mg", "milligram", "milligrams"},
            {"lb", "lb", "lbs", "pound", "pounds"}, {"oz", "oz", "ounce", "ounces"}, {"t", "ton", "tons", "tonne",
                "tonnes"}, {"l", "liter", "liters", "litre", "litres"}, {"ml", "ml", "milliliter", "milliliters",
                "millilitre", "millilitres"}, {"gal", "gal", "gallon", "gallons"}, {"cup", "cup", "cups"},
            {"tbsp", "tbsp", "tablespoon", "tablespoons"}, {"tsp", "tsp", "teaspoon", "teaspoons"},
            {"pint", "pint", "pints"}, {"quart", "quart", "quarts"}, {"celsius", "celsius", "centigrade"},
            {"fahrenheit", "fahrenheit"}, {"kelvin", "kelvin"}, {"usd", "usd", "$", "dollar", "dollars", "bucks"},
            {"eur", "eur", "€", "euro", "euros"}, {"gbp", "gbp", "£", "sterling", "quid"}, {"jpy", "jpy", "¥", "yen"},
            {"inr", "inr", "₹", "rupee", "rupees"}, {"chf", "chf", "franc", "francs"}, {"cny", "cny", "yuan", "rmb"},
            {"cad", "cad"}, {"aud", "aud"}, {"kb", "kb", "kilobyte", "kilobytes"}, {"mb", "mb", "megabyte",
                "megabytes"}, {"gb", "gb", "gigabyte", "gigabytes", "gig", "gigs"}, {"tb", "tb", "terabyte",
                "terabytes"}, {"kib", "kib"}, {"mib", "mib"}, {"gib", "gib"}, {"byte", "byte", "bytes"},
            {"bit", "bit", "bits"}, {"mbps", "mbps"}, {"gbps", "gbps"}, {"kbps", "kbps"}, {"hz", "hz", "hertz"},
            {"khz", "khz"}, {"mhz", "mhz"}, {"ghz", "ghz"}, {"w", "watt", "watts"}, {"kw", "kw", "kilowatt",
                "kilowatts"}, {"kwh", "kwh"}, {"v", "volt", "volts"}, {"mah", "mah"}, {"kcal", "kcal", "calorie",
                "calories", "cal"}, {"kj", "kj", "kilojoule", "kilojoules"}, {"second", "second", "seconds", "sec",
                "secs"}, {"ms", "ms", "millisecond", "milliseconds"}, {"minute", "minute", "minutes", "min", "mins"},
            {"hour", "hour", "hours", "hr", "hrs", "hourly"}, {"day", "day", "days", "daily"}, {"week", "week",
                "weeks", "weekly"}, {"month", "month", "months", "monthly"}, {"year", "year", "years", "yearly",
                "annual", "annually", "yr", "yrs"}, {"%", "%", "percent", "percentage"}, {"degree", "degree",
                "degrees", "°"}, {"acre", "acre", "acres"}, {"hectare", "hectare", "hectares", "ha"},
            {"psi", "psi"}, {"bar", "bar"}, {"rpm", "rpm"}};
        for (String[] u : units) {
            for (int i = 1; i < u.length; i++) {
                UNITS.put(u[i], u[0]);
            }
        }
        for (String m : List.of("january", "february", "march", "april", "june", "july", "august", "september",
                "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                "saturday", "sunday")) {
            DATE_FORMS.put(m, m.substring(0, 3));
        }
        DATE_FORMS.put("sept", "sep");
        DATE_WORDS.addAll(List.of("january", "february", "march", "april", "june", "july", "august", "september",
                "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                "tomorrow", "yesterday", "tonight", "weekend", "weekday", "weekdays", "weekends", "morning",
                "afternoon", "evening", "midnight", "noon", "spring", "summer", "autumn", "winter", "q1", "q2", "q3",
                "q4", "am", "pm", "christmas", "thanksgiving", "easter", "halloween", "hanukkah", "diwali",
                "ramadan", "eid", "passover", "valentine", "valentines", "new-year", "overnight"));
    }

    /** A verifier; it has no settings. */
    public LexicalVerifier() {
    }

    @Override
    public Optional<String> difference(String stored, String asked) {
        Features a = Features.of(stored);
        Features b = Features.of(asked);
        if (!a.numbers.equals(b.numbers) || !a.operators.equals(b.operators)) {
            return Optional.of("numbers differ");
        }
        if (a.negated != b.negated || opposed(a, b)) {
            return Optional.of("negation or opposite words differ");
        }
        if (!b.words.containsAll(a.entities) || !a.words.containsAll(b.entities)) {
            return Optional.of("named entities differ");
        }
        if (!a.dates.equals(b.dates)) {
            return Optional.of("dates differ");
        }
        if (!a.units.equals(b.units)) {
            return Optional.of("units differ");
        }
        return Optional.empty();
    }

    /** Whether one side has a word whose opposite only the other side has. */
    private static boolean opposed(Features a, Features b) {
        return opposedOneWay(a, b) || opposedOneWay(b, a);
    }

    private static boolean opposedOneWay(Features a, Features b) {
        for (String s : a.stems) {
            if (b.stems.contains(s)) {
                continue;
            }
            String opposites = OPPOSITES.get(s);
            if (opposites != null) {
                for (String o : opposites.split("\\|")) {
                    if (b.stems.contains(o) && !a.stems.contains(o)) {
                        return true;
                    }
                }
            }
            for (String prefix : NEGATING_PREFIXES) {
                String negated = prefix + s;
                if (b.stems.contains(negated) && !a.stems.contains(negated) && s.length() >= 4) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A crude stem that folds the forms of a verb or noun together: enable, enabled, enables, enabling. */
    static String stem(String word) {
        String w = word;
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 4 && w.endsWith("es")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** What one question says about numbers, negation, entities, dates and units. */
    private static final class Features {
        final List<String> numbers = new ArrayList<>();
        final List<String> operators = new ArrayList<>();
        final Set<String> words = new HashSet<>();
        final Set<String> stems = new HashSet<>();
        final Set<String> entities = new HashSet<>();
        final Set<String> dates = new HashSet<>();
        final Set<String> units = new HashSet<>();
        boolean negated;

        static Features of(String text) {
            Features f = new Features();
            List<Token> tokens = Token.split(text);
            int negations = 0;
            long pending = -1; // a number being read from words: "twenty five"
            long scaled = 0;
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                String w = t.lower;
                f.words.add(w);
                f.stems.add(stem(w));
                String previous = i > 0 ? tokens.get(i - 1).lower : "";
                String next = i + 1 < tokens.size() ? tokens.get(i + 1).lower : "";
                boolean afterNumber = i > 0 && tokens.get(i - 1).numeric;
                // numbers written as words
                Long n = NUMBER_WORDS.get(w);
                if (w.equals("one") && (UNITS.containsKey(next) || NUMBER_WORDS.containsKey(next)
                        || SCALES.containsKey(next))) {
                    n = 1L;
                }
                if (n != null) {
                    pending = pending < 0 ? n : pending + n;
                    continue;
                }
                if (SCALES.containsKey(w) && (pending >= 0 || afterNumber)) {
                    if (pending < 0) {
                        f.numbers.remove(f.numbers.size() - 1);
                        pending = parse(tokens.get(i - 1).lower);
                    }
                    scaled += pending * SCALES.get(w);
                    pending = 0;
                    continue;
                }
                if (pending >= 0 || scaled > 0) {
                    f.numbers.add(Long.toString(scaled + Math.max(pending, 0)));
                    pending = -1;
                    scaled = 0;
                }
                if (t.numeric) {
                    f.numbers.add(t.number);
                    if (!t.unit.isEmpty()) {
                        f.units.add(UNITS.getOrDefault(t.unit, SHORT_UNITS.getOrDefault(t.unit, t.unit)));
                    }
                    if (t.number.length() == 4 && (t.number.startsWith("19") || t.number.startsWith("20"))) {
                        f.dates.add(t.number);
                    }
                    continue;
                }
                String op = OPERATORS.get(w);
                if (op != null && !(w.equals("-") && !afterNumber)) {
                    f.operators.add(op);
                    if (op.equals("%")) {
                        f.units.add("%");
                    }
                    continue;
                }
                if (NEGATIONS.contains(w) || w.endsWith("n't")) {
                    negations++;
                }
                String unit = UNITS.get(w);
                if (unit == null && afterNumber) {
                    unit = SHORT_UNITS.get(w);
                }
                if (unit != null && !(w.equals("°") && (next.equals("c") || next.equals("f")))) {
                    f.units.add(unit);
                } else if (w.equals("°")) {
                    f.units.add(next.equals("c") ? "celsius" : "fahrenheit");
                    i++;
                }
                if (DATE_WORDS.contains(w) || w.equals("may") && (afterNumber || tokens.size() > i + 1
                        && tokens.get(i + 1).numeric)) {
                    f.dates.add(DATE_FORMS.getOrDefault(w, w));
                }
                if (RELATIVE.contains(w) && PERIODS.contains(next)) {
                    f.dates.add(w + " " + stem(next));
                }
                if (t.entity && !f.isCommon(w)) {
                    f.entities.add(w);
                }
                if (previous.equals("new") && (w.equals("year") || w.equals("years"))) {
                    f.dates.add("new-year");
                }
            }
            if (pending >= 0 || scaled > 0) {
                f.numbers.add(Long.toString(scaled + Math.max(pending, 0)));
            }
            f.numbers.sort(null);
            f.operators.sort(null);
            f.negated = negations % 2 == 1;
            return f;
        }

        private boolean isCommon(String w) {
            return w.equals("i") || NUMBER_WORDS.containsKey(w) || UNITS.containsKey(w);
        }

        private static long parse(String digits) {
            try {
                return (long) Double.parseDouble(digits);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** A word, a number (with a unit glued to it: "5km") or a symbol, and whether it looks like a name. */
    private static final class Token {
        final String lower;
        final boolean numeric;
        final String number;
        final String unit;
        final boolean entity;

        private Token(String text, boolean sentenceStart) {
            String lowered = text.toLowerCase(Locale.ROOT);
            if (lowered.endsWith("'s")) {
                lowered = lowered.substring(0, lowered.length() - 2);
            }
            char c = text.charAt(0);
            if (Character.isDigit(c)) {
                int end = 0;
                StringBuilder n = new StringBuilder();
                while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.'
                        || text.charAt(end) == ',')) {
                    if (text.charAt(end) != ',') {
                        n.append(text.charAt(end));
                    }
                    end++;
                }
                String num = n.toString();
                if (num.endsWith(".")) {
                    num = num.substring(0, num.length() - 1);
                }
                if (num.contains(".")) {
                    num = num.replaceAll("0+$", "").replaceAll("\\.$", "");
                }
                String rest = lowered.substring(Math.min(end, lowered.length()));
                if (rest.equals("st") || rest.equals("nd") || rest.equals("rd") || rest.equals("th")) {
                    rest = "";
                }
                this.numeric = true;
                this.number = num;
                this.unit = rest;
                this.lower = lowered;
                this.entity = false;
                return;
            }
            this.numeric = false;
            this.number = "";
            this.unit = "";
            this.lower = lowered;
            boolean capital = Character.isUpperCase(c);
            boolean innerCapital = false;
            int upper = 0;
            for (int i = 0; i < text.length(); i++) {
                if (Character.isUpperCase(text.charAt(i))) {
                    upper++;
                    innerCapital |= i > 0;
                }
            }
            boolean allCaps = text.length() >= 2 && upper == text.replaceAll("[^\\p{L}]", "").length();
            boolean hasDigit = text.chars().anyMatch(Character::isDigit);
            this.entity = Character.isLetter(c) && (capital && !sentenceStart || innerCapital || allCaps || hasDigit);
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
                    while (i < s.length()) {
                        char d = s.charAt(i);
                        boolean inner = i + 1 < s.length() && i > start
                                && ((d == '.' || d == ',') && Character.isDigit(s.charAt(i - 1))
                                        && Character.isDigit(s.charAt(i + 1))
                                        || d == '\'' && Character.isLetter(s.charAt(i + 1)));
                        if (Character.isLetterOrDigit(d) || inner) {
                            i++;
                        } else {
                            break;
                        }
                    }
                    String word = s.substring(start, i);
                    String lower = word.toLowerCase(Locale.ROOT);
                    if (lower.endsWith("n't")) {
                        out.add(new Token(word.substring(0, word.length() - 3), sentenceStart));
                        out.add(new Token("n't", false));
                    } else {
                        out.add(new Token(word, sentenceStart));
                    }
                    sentenceStart = false;
                    continue;
                }
                if (c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == '\n') {
                    sentenceStart = true;
                } else if ("$€£¥₹%+*/×÷^°-".indexOf(c) >= 0) {
                    boolean minus = c == '-' && (i == 0 || i + 1 >= s.length() || !Character.isLetter(s.charAt(i - 1))
                            || !Character.isLetter(s.charAt(i + 1)));
                    if (c != '-' || minus) {
                        out.add(new Token(String.valueOf(c), false));
                    }
                }
                i++;
            }
            return out;
        }
    }
}
