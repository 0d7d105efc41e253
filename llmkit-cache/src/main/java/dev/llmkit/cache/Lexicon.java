package dev.llmkit.cache;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The English word lists {@link LexicalVerifier} reads questions with: numbers, negations, opposites, units, dates. */
final class Lexicon {
    private Lexicon() {}

    static final Map<String, Long> NUMBER_WORDS = new HashMap<>();
    static final Map<String, Long> SCALES = Map.of("hundred", 100L, "thousand", 1_000L, "million",
            1_000_000L, "billion", 1_000_000_000L);
    static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("+", "+"), Map.entry("plus", "+"),
            Map.entry("-", "-"), Map.entry("minus", "-"), Map.entry("*", "*"), Map.entry("×", "*"),
            Map.entry("times", "*"), Map.entry("multiplied", "*"), Map.entry("/", "/"), Map.entry("÷", "/"),
            Map.entry("divided", "/"), Map.entry("^", "^"), Map.entry("power", "^"), Map.entry("squared", "^"),
            Map.entry("cubed", "^"), Map.entry("sqrt", "sqrt"), Map.entry("root", "sqrt"));
    /** Words that carry no topic: swapping one of them does not make another question. */
    static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "my", "your", "our", "their", "his",
            "her", "its", "this", "that", "these", "those", "i", "you", "we", "they", "it", "is", "are", "was", "were",
            "be", "do", "does", "did", "can", "could", "should", "would", "will", "may", "might", "must", "how",
            "what", "which", "who", "when", "where", "why", "to", "of", "in", "on", "for", "with", "at", "by",
            "from", "into", "about", "and", "or", "so", "if", "get", "got", "use", "using", "there", "any", "some",
            "much", "many", "way", "ways", "best", "good", "right", "really", "actually", "please", "pls");
    /** How many times: "twice a year" is "2 times a year". */
    static final Map<String, Long> MULTIPLES = Map.of("once", 1L, "twice", 2L, "thrice", 3L);
    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "cannot", "unable", "fail",
            "fails", "failed", "failing", "stop", "stops", "stopped", "neither", "nor", "dont", "cant", "wont",
            "didnt", "doesnt", "isnt", "arent", "wasnt", "werent",
            "shouldnt", "couldnt", "wouldnt", "havent", "hasnt", "hadnt", "mustnt", "neednt");
    /** Pairs of words with opposite meanings, by their folded stems (see {@link #stem}). */
    static final Map<String, Set<String>> OPPOSITES = new HashMap<>();
    static final List<String> NEGATING_PREFIXES = List.of("un", "dis", "non", "de", "in", "im", "il", "ir");
    static final Map<String, String> UNITS = new HashMap<>();
    /** Units of time: counted only after a quantity ("5 days", "a day", "per day"). */
    static final Set<String> TIME_UNITS = Set.of("second", "minute", "hour", "day", "week", "month", "year",
            "ms");
    /** Time units written as adverbs, counted always. */
    static final Set<String> TIME_ADVERBS = Set.of("hourly", "daily", "weekly", "monthly", "yearly",
            "annual", "annually");
    /** Units written as one letter, counted only right after a number ("5 g", "10m"). */
    static final Map<String, String> SHORT_UNITS = Map.of("m", "m", "g", "g", "l", "l", "h", "hour",
            "s", "second", "c", "celsius", "f", "fahrenheit", "k", "thousand", "t", "t");
    static final Set<String> TEMPERATURES = Set.of("celsius", "fahrenheit", "kelvin");
    static final Map<String, String> DATES = new HashMap<>();
    static final Set<String> PERIODS = Set.of("day", "week", "weekend", "month", "year", "quarter",
            "season", "semester", "term", "morning", "night", "evening", "afternoon", "mon", "tue", "wed", "thu",
            "fri", "sat", "sun", "summer", "winter", "spring", "autumn");
    static final Set<String> RELATIVE = Set.of("next", "last", "previous", "coming", "past", "following");
    static final Set<String> QUANTIFIERS = Set.of("a", "an", "per", "single", "one", "in", "every", "each");
    /** Words that start a prevention ("stop it from", "keep it from", "avoid", "prevent"). */
    static final Set<String> PREVENTERS = Set.of("stop", "stops", "keep", "keeps", "prevent", "prevents",
            "avoid", "avoids", "avoiding");
    static final Map<String, Long> ORDINALS = Map.of("second", 2L, "third", 3L, "fourth", 4L, "fifth", 5L,
            "sixth", 6L, "seventh", 7L, "eighth", 8L, "ninth", 9L, "tenth", 10L);
    /** Sub-second units: never a generic "how long", so always counted. */
    static final Set<String> FINE_TIME = Set.of("ms", "ns", "us");
    /** Endings that make a name's adjective or plural: Africa, African; Grant, Grants. */
    static final List<String> NAME_ENDINGS = List.of("s", "es", "n", "an", "ian", "ns", "ans");

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
            {"arrival", "departure"}, {"import", "export"}, {"charge", "refund"}, {"earn", "spend"},
            {"contain", "free"}, {"enroll", "withdraw"}, {"void", "valid"}, {"closer", "away"}, {"toward", "away"},
            {"near", "far"}, {"nearer", "farther"}, {"speed", "slow"}, {"lock", "unlock"}, {"mute", "unmute"},
            {"attach", "detach"}, {"sooner", "later"}, {"cheaper", "pricier"}, {"overweight", "underweight"}};
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
                "nanosecond", "nanoseconds"}, {"us", "microsecond", "microseconds", "µs"},
            {"minute", "minute", "minutes", "min", "mins"},
            {"hour", "hour", "hours", "hr", "hrs", "hourly"}, {"day", "day", "days", "daily"}, {"week", "week",
                "weeks", "weekly"}, {"month", "month", "months", "monthly"}, {"year", "year", "years", "yearly",
                "annual", "annually", "yr", "yrs"}, {"%", "%", "percent", "percentage"}, {"degree", "degree",
                "degrees", "°"}, {"acre", "acre", "acres"}, {"hectare", "hectare", "hectares"},
            {"psi", "psi"}, {"rpm", "rpm"}, {"parsec", "parsec", "parsecs"}, {"au", "au"}};
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
}
