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
    private static final Map<String, Long> NUMBER_WORDS = new HashMap<>();
    private static final Map<String, Long> SCALES = Map.of("hundred", 100L, "thousand", 1_000L, "million",
            1_000_000L, "billion", 1_000_000_000L);
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("+", "+"), Map.entry("plus", "+"),
            Map.entry("-", "-"), Map.entry("minus", "-"), Map.entry("*", "*"), Map.entry("×", "*"),
            Map.entry("times", "*"), Map.entry("multiplied", "*"), Map.entry("/", "/"), Map.entry("÷", "/"),
            Map.entry("divided", "/"), Map.entry("^", "^"), Map.entry("power", "^"), Map.entry("squared", "^"),
            Map.entry("cubed", "^"), Map.entry("sqrt", "sqrt"), Map.entry("root", "sqrt"));
    /** Words that carry no topic: swapping one of them does not make another question. */
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "my", "your", "our", "their", "his",
            "her", "its", "this", "that", "these", "those", "i", "you", "we", "they", "it", "is", "are", "was", "were",
            "be", "do", "does", "did", "can", "could", "should", "would", "will", "may", "might", "must", "how",
            "what", "which", "who", "when", "where", "why", "to", "of", "in", "on", "for", "with", "at", "by",
            "from", "into", "about", "and", "or", "so", "if", "get", "got", "use", "using", "there", "any", "some",
            "much", "many", "way", "ways", "best", "good", "right", "really", "actually", "please", "pls");
    /** How many times: "twice a year" is "2 times a year". */
    private static final Map<String, Long> MULTIPLES = Map.of("once", 1L, "twice", 2L, "thrice", 3L);
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "cannot", "unable", "fail",
            "fails", "failed", "failing", "stop", "stops", "stopped", "neither", "nor", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent",
            "shouldnt", "couldnt", "wouldnt", "havent", "hasnt", "hadnt", "mustnt", "neednt");
    /** Pairs of words with opposite meanings, by their folded stems (see {@link #stem}). */
    private static final Map<String, Set<String>> OPPOSITES = new HashMap<>();
    private static final List<String> NEGATING_PREFIXES = List.of("un", "dis", "non", "de", "in", "im", "il", "ir");
    private static final Map<String, String> UNITS = new HashMap<>();
    /** Units of time: counted only after a quantity ("5 days", "a day", "per day"). */
    private static final Set<String> TIME_UNITS = Set.of("second", "minute", "hour", "day", "week", "month", "year",
            "ms");
    /** Time units written as adverbs, counted always. */
    private static final Set<String> TIME_ADVERBS = Set.of("hourly", "daily", "weekly", "monthly", "yearly",
            "annual", "annually");
    /** Units written as one letter, counted only right after a number ("5 g", "10m"). */
    private static final Map<String, String> SHORT_UNITS = Map.of("m", "m", "g", "g", "l", "l", "h", "hour",
            "s", "second", "c", "celsius", "f", "fahrenheit", "k", "thousand", "t", "t");
    private static final Set<String> TEMPERATURES = Set.of("celsius", "fahrenheit", "kelvin");
    private static final Map<String, String> DATES = new HashMap<>();
    private static final Set<String> PERIODS = Set.of("day", "week", "weekend", "month", "year", "quarter",
            "season", "semester", "term", "morning", "night", "evening", "afternoon", "mon", "tue", "wed", "thu",
            "fri", "sat", "sun", "summer", "winter", "spring", "autumn");
    private static final Set<String> RELATIVE = Set.of("next", "last", "previous", "coming", "past", "following");
    private static final Set<String> QUANTIFIERS = Set.of("a", "an", "per", "single", "one", "in", "every", "each");
    /** Words that start a prevention ("stop it from", "keep it from", "avoid", "prevent"). */
    private static final Set<String> PREVENTERS = Set.of("stop", "stops", "keep", "keeps", "prevent", "prevents",
            "avoid", "avoids", "avoiding");
    private static final Map<String, Long> ORDINALS = Map.of("second", 2L, "third", 3L, "fourth", 4L, "fifth", 5L,
            "sixth", 6L, "seventh", 7L, "eighth", 8L, "ninth", 9L, "tenth", 10L);
    /** Sub-second units: never a generic "how long", so always counted. */
    private static final Set<String> FINE_TIME = Set.of("ms", "ns", "us");
    /** Endings that make a name's adjective or plural: Africa, African; Grant, Grants. */
    private static final List<String> NAME_ENDINGS = List.of("s", "es", "n", "an", "ian", "ns", "ans");

    static {
        String[] small = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        for (int i = 0; i < small.length; i++) {
            NUMBER_WORDS.put(small[i], (long) i);
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
            {"cheap", "expensive"}, {"safe", "unsafe"}, {"safe", "dangerous"}, {"legal", "illegal"},
            {"public", "private"}, {"sync", "async"}, {"online", "offline"}, {"forward", "backward"},
            {"upgrade", "downgrade"}, {"shorten", "lengthen"}, {"benefit", "risk"}, {"pro", "con"},
            {"advantage", "disadvantage"}, {"help", "hurt"}, {"good", "bad"}, {"strong", "weak"},
            {"increase", "reduce"}, {"raise", "lower"}, {"gain", "lose"}, {"borrow", "lend"}, {"win", "loss"},
            {"loud", "quiet"}, {"louder", "quieter"}, {"rise", "fall"}, {"rising", "falling"},
            {"incoming", "outgoing"}, {"cover", "exclude"}, {"heavier", "lighter"}, {"faster", "slower"},
            {"bigger", "smaller"}, {"larger", "smaller"}, {"warmer", "cooler"}, {"hotter", "colder"},
            {"strengthen", "weaken"}, {"tighten", "loosen"}, {"expand", "shrink"}, {"grow", "shrink"},
            {"accept", "refuse"}, {"approve", "deny"}, {"approve", "reject"}, {"pass", "fail"},
            {"ascending", "descending"}, {"asc", "desc"}, {"horizontal", "vertical"},
            {"uppercase", "lowercase"}, {"upper", "lower"}, {"top", "bottom"}, {"front", "back"},
            {"inside", "outside"}, {"indoor", "outdoor"}, {"rent", "buy"}, {"allow", "forbid"},
            {"permit", "forbid"}, {"full", "empty"}, {"wet", "dry"}, {"light", "dark"}, {"new", "old"},
            {"young", "old"}, {"long", "short"}, {"overpaid", "underpaid"}, {"overcharged", "undercharged"},
            {"arrival", "departure"}, {"import", "export"}, {"charge", "refund"}, {"earn", "spend"}};
        for (String[] p : opposite) {
            OPPOSITES.computeIfAbsent(stem(p[0]), k -> new HashSet<>()).add(stem(p[1]));
            OPPOSITES.computeIfAbsent(stem(p[1]), k -> new HashSet<>()).add(stem(p[0]));
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
                "secs"}, {"ms", "ms", "millisecond", "milliseconds"}, {"ns", "ns",
                "nanosecond", "nanoseconds"}, {"us", "microsecond", "microseconds", "µs"}, {"minute", "minute", "minutes", "min", "mins"},
            {"hour", "hour", "hours", "hr", "hrs", "hourly"}, {"day", "day", "days", "daily"}, {"week", "week",
                "weeks", "weekly"}, {"month", "month", "months", "monthly"}, {"year", "year", "years", "yearly",
                "annual", "annually", "yr", "yrs"}, {"%", "%", "percent", "percentage"}, {"degree", "degree",
                "degrees", "°"}, {"acre", "acre", "acres"}, {"hectare", "hectare", "hectares"},
            {"psi", "psi"}, {"rpm", "rpm"}};
        for (String[] u : units) {
            for (int i = 1; i < u.length; i++) {
                UNITS.put(u[i], u[0]);
            }
        }
        for (String d : List.of("january", "february", "march", "april", "june", "july", "august", "september",
                "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                "saturday", "sunday")) {
            DATES.put(d, d.substring(0, 3));
            if (d.endsWith("day")) {
                DATES.put(d + "s", d.substring(0, 3));
            }
        }
        for (String d : List.of("jan", "feb", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec")) {
            DATES.put(d, d);
        }
        DATES.put("sept", "sep");
        for (String d : List.of("today", "tomorrow", "yesterday", "tonight", "weekend", "weekday", "morning",
                "afternoon", "evening", "midnight", "noon", "spring", "summer", "autumn", "winter", "am", "pm",
                "christmas", "thanksgiving", "easter", "halloween", "hanukkah", "diwali", "ramadan", "eid",
                "passover", "valentine")) {
            DATES.put(d, d);
        }
        DATES.put("weekends", "weekend");
        DATES.put("evening", "night");
        DATES.put("evenings", "night");
        DATES.put("night", "night");
        DATES.put("nights", "night");
        DATES.put("tonight", "night");
        DATES.put("weekdays", "weekday");
        DATES.put("mornings", "morning");
        DATES.put("valentines", "valentine");
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
        if (oneWordSwapped(a.sequence, b.sequence)) {
            return Optional.of("a single word differs");
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

    private static List<String> sorted(List<String> words) {
        List<String> copy = new ArrayList<>(words);
        copy.sort(null);
        return copy;
    }

    /**
     * Whether {@code a} has a word more often than {@code b} while {@code b} has its opposite more often than
     * {@code a} ("turn on roaming on my phone" vs "turn off roaming on my phone").
     */
    private static boolean opposed(Features a, Features b) {
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

    /** A crude stem that folds the forms of a word together: enable, enabled, enables, enabling. */
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

        static Features of(String text) {
            Features f = new Features();
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
                if (t.entity && !t.glued && !w.equals("i") && !w.startsWith("i'") && !UNITS.containsKey(w) && !DATES.containsKey(w)) {
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
            if (lastNumber != null && !lastNumber.equals("1") && i >= 1 && (afterNumber || i >= 2 && tokens.get(i - 2).numeric
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
        boolean entitiesFoundIn(Features other) {
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

        private boolean inRunAbbreviatedIn(String e, Features other) {
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

    /** A word, a number or a symbol, and whether it looks like a name. */
    private static final class Token {
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
}
