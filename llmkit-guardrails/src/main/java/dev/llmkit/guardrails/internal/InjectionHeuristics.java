package dev.llmkit.guardrails.internal;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heuristic layer of prompt-injection detection: rules for instruction overrides, system-prompt extraction,
 * role-play jailbreaks, delimiter and special-token smuggling and text addressed to the model from inside a document,
 * run over the text and over what an attacker may have hidden in it (leetspeak, spaced-out letters, base64, hex,
 * ROT13). Scores combine as independent evidence: {@code 1 - prod(1 - weight)}. A text that discusses such attacks
 * (asks how to detect or defend against them) has its score lowered.
 */
public final class InjectionHeuristics {
    private static final Pattern ZERO_WIDTH = Pattern.compile("[\\u200B-\\u200F\\u2060-\\u2064\\uFEFF\\u00AD]"
            + "|[\\x{E0000}-\\x{E007F}]");
    private static final Pattern SPACES = Pattern.compile("[\\t \\u00A0\\u2000-\\u200A\\u3000]+");
    private static final Pattern SPACED_LETTERS = Pattern.compile("(?<![\\p{L}\\d])(?:\\p{L}[ ._*-]){3,}\\p{L}"
            + "(?![\\p{L}\\d])");
    /** A word of letters with at least two leetspeak digits or symbols in it, e.g. {@code 1gn0r3}. */
    private static final Pattern LEET_WORD = Pattern.compile("(?<![\\w@$])(?=[a-z013457@$]*[a-z])[a-z]*[013457@$]"
            + "[a-z]*[013457@$][a-z013457@$]*(?![\\w@$])");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{20,}={0,2}|[A-Za-z0-9_-]{24,}");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2}[ :]?){12,}|(?:\\\\x[0-9a-fA-F]{2}){8,}");
    /** Three or more single letters each followed by a dot, star, underscore or hyphen. */
    private static final Pattern DOTTED_RUN = Pattern.compile("(?<![\\p{L}\\d])(?:[.*_-]?\\p{L}[.*_-]{1,2} ?){3,}\\p{L}?"
            + "(?![\\p{L}\\d])");
    private static final Pattern WIDE_GAP = Pattern.compile("(?<=\\S)[ \\t]{2,}(?=\\S)");
    private static final Pattern REVERSED_CUE = Pattern.compile("\\b(?:backwards?|reversed?|right to left|mirror)\\b");
    private static final Pattern ROT13_CUE = Pattern.compile("(?i)rot-?13|ebg-?13");
    private static final Pattern SHIFT_CUE = Pattern.compile("(?i)caesar|cipher|shift(?:ed)? (?:each|every|all|the)?"
            + " ?letters?|letters? (?:back|forward)|rotate (?:each|every|the) letters?");
    private static final Pattern DEFENSIVE = Pattern.compile(
            "\\b(?:how (?:do|can|should|would) (?:we|i|you|one|our \\w+) (?:detect|prevent|block|defend|mitigate"
                    + "|handle|stop|filter|flag|catch|log|test|spot|recogni[sz]e|protect)|(?:detect|detection|prevent"
                    + "|prevention|defend|defen[cs]e|mitigat\\w+|classif\\w+|filter\\w*) (?:against |of |for )?"
                    + "(?:prompt )?(?:injection|jailbreak)|red[ -]team|our (?:logs|users|filter|classifier|detector"
                    + "|guardrail|security team|soc|waf)|security (?:team|review|training|awareness|researchers?"
                    + "|policy)|researchers?|(?:a |the )?paper|for (?:our|a|the) (?:training|workshop|talk|course"
                    + "|class|lecture|policy|threat model)|examples? of (?:prompt )?(?:injection|jailbreak|attacks?)"
                    + "|is (?:this|that|it) (?:an? )?(?:prompt )?(?:injection|jailbreak|attack)|what (?:is|are|does)"
                    + " (?:a |an )?(?:prompt injection|jailbreak|dan|<\\|)|mean in\\b|stand for\\b|\\b(?:regex"
                    + "|regular expression|classifier|detector|heuristic|signature|waf|mitigation|mitigate|attackers?"
                    + "|incident|remediation|write-up|post-?mortem|security event|threat)\\b|\\b(?:lines|messages|prompts|phrases|strings|comments|reviews|inputs) like\\b|\\bsuch (?:lines|prompts"
                    + "|messages|attacks|attempts|phrases|inputs)\\b|should we (?:log|flag"
                    + "|block|report|alert)|(?:tries|tried|trying|attempts?|attempted) to (?:trick|fool|manipulate"
                    + "|jailbreak|hack|inject)|sees? through|verhindern|abwehr\\w*|schützen|pr[ée]venir|prot[ée]ger|d[ée]fense|evitar|prevenir"
                    + "|proteger|defender|impedire|difendere)");
    /** A question about chat formats or tokenizers, where special tokens are the topic, not an attack. */
    private static final Pattern FORMAT_QUESTION = Pattern.compile("\\b(?:tokeni[sz]er|template|chat format|chatml"
            + "|special tokens?|llama ?\\d?|mistral|gemma|hugging ?face|jinja|rendered|render|escape|sanitiz\\w*"
            + "|api returns|status code|400|sdk|endpoint|message format|prompt format|json schema|fine-?tun\\w*"
            + "|generations?|decod\\w*|training data|dataset|literally)\\b");
    private static final Pattern QUOTED = Pattern.compile("[\"'“‘«`][^\"'”’»`\\n]{8,200}[\"'”’»`]");

    /** The signal added when a text reads as a discussion of attacks and its score was lowered. */
    public static final String DISCUSSION = "discussion(discounted)";

    private InjectionHeuristics() {}

    /** A score and the rules that matched. */
    public record Result(double score, List<String> signals) {
    }

    /** Scores {@code text}. */
    public static Result score(String text) {
        String base = normalize(text);
        Set<String> signals = new LinkedHashSet<>();
        double keep = 1; // the product of (1 - weight) over matched rules
        List<String> variants = variants(text, base);
        for (InjectionRules.Rule r : InjectionRules.RULES_LIST) {
            for (int i = 0; i < variants.size(); i++) {
                if (r.matches(variants.get(i))) {
                    keep *= 1 - r.weight();
                    signals.add(r.family() + ":" + r.name() + (i == 0 ? "" : "(hidden)"));
                    break;
                }
            }
        }
        double score = 1 - keep;
        if (score > 0 && variants.size() > 1 && signals.stream().anyMatch(s -> s.endsWith("(hidden)"))) {
            score = Math.max(score, 0.8); // an instruction someone took the trouble to hide
            signals.add("encoded:payload");
        }
        if (score > 0 && !signals.contains("encoded:payload") && signals.stream().allMatch(x -> x.startsWith("smuggling"))
                && FORMAT_QUESTION.matcher(base).find()) {
            score *= 0.5;
            signals.add("format-question(discounted)");
        }
        boolean quotes = QUOTED.matcher(text).find();
        // a defender quotes an attack; an unquoted instruction to an AI inside a document, or a request for harmful
        // steps in a fictional frame, is not a discussion
        boolean undiscountable = signals.contains("encoded:payload") || signals.contains("roleplay:harmful-fiction")
                || !quotes && signals.stream().anyMatch(x -> x.startsWith("indirect:"));
        if (score > 0 && !undiscountable && DEFENSIVE.matcher(base).find()) {
            score *= quotes ? 0.35 : 0.55;
            signals.add(DISCUSSION);
        }
        return new Result(score, List.copyOf(signals));
    }

    /** Cyrillic and Greek letters that look like Latin ones, and their Latin twins. */
    private static final String CONFUSABLE = "аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅαεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧΖ";
    private static final String LATIN_TWIN = "aeopcyxijsdhlABEKMHOPCTXIJSaeikvoptuxABEHIKMNOPTYXZ";

    /** Lower case, compatibility-normalized (full-width and styled letters to plain), zero-width characters removed. */
    static String normalize(String text) {
        String n = text;
        if (!isAscii(n)) {
            n = Normalizer.normalize(n, Normalizer.Form.NFKC);
            n = unconfuse(n);
            n = ZERO_WIDTH.matcher(n).replaceAll("");
            n = n.replace('’', '\'').replace('‘', '\'');
        }
        if (n.indexOf('\t') >= 0 || n.contains("  ") || n.indexOf('\u00A0') >= 0) {
            n = SPACES.matcher(n).replaceAll(" ");
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Latin look-alike letters inside words that also have Latin letters (a mixed-script disguise) made Latin. */
    private static String unconfuse(String s) {
        boolean any = false;
        for (int i = 0; i < s.length() && !any; i++) {
            any = CONFUSABLE.indexOf(s.charAt(i)) >= 0;
        }
        if (!any) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int k = CONFUSABLE.indexOf(c);
            sb.append(k >= 0 ? LATIN_TWIN.charAt(k) : c);
        }
        return sb.toString();
    }

    /** The normalized text first, then what may be hidden in it. */
    private static List<String> variants(String original, String base) {
        List<String> v = new ArrayList<>(4);
        v.add(base);
        // letters spelled out one by one ("i g n o r e", "i.g.n.o.r.e. .t.h.e"): words run together, gaps kept
        String lower = original.contains("  ") ? normalize(WIDE_GAP.matcher(original).replaceAll(" \u0001 ")) : base;
        Matcher dotted = DOTTED_RUN.matcher(lower);
        if (Scan.spelledOut(lower, ".*_-") && dotted.find()) {
            StringBuilder sb = new StringBuilder();
            dotted.reset();
            while (dotted.find()) {
                dotted.appendReplacement(sb, Matcher.quoteReplacement(dotted.group()
                        .replaceAll("[.*_-]+ +[.*_-]*", " \u0001 ").replaceAll("[.*_-]", "")));
            }
            dotted.appendTail(sb);
            lower = sb.toString();
        }
        Matcher spaced = SPACED_LETTERS.matcher(lower);
        if (Scan.spelledOut(lower, " ._*-") && spaced.find()) {
            StringBuilder sb = new StringBuilder();
            spaced.reset();
            while (spaced.find()) {
                spaced.appendReplacement(sb, Matcher.quoteReplacement(spaced.group().replaceAll("[ ._*-]", "")));
            }
            spaced.appendTail(sb);
            lower = sb.toString();
        }
        if (lower != base) {
            String collapsed = lower.replace(" \u0001 ", " ").replace("\u0001", " ");
            if (!collapsed.equals(base)) {
                v.add(collapsed);
            }
        }
        if ((base.contains("backward") || base.contains("revers") || base.contains("right to left")
                || base.contains("mirror")) && REVERSED_CUE.matcher(base).find()) {
            v.add(new StringBuilder(base).reverse().toString());
        }
        if (Scan.hasLeetWord(base) && LEET_WORD.matcher(base).find()) {
            v.add(unleet(base));
        }
        String decoded = decoded(original);
        if (!decoded.isEmpty()) {
            v.add(normalize(decoded));
        }
        String unescaped = unescape(original);
        if (!unescaped.equals(original)) {
            v.add(normalize(unescaped));
        }
        String tags = tagText(original);
        if (!tags.isEmpty()) {
            v.add(normalize(tags));
        }
        if ((base.contains("caesar") || base.contains("cipher") || base.contains("shift") || base.contains("letter"))
                && SHIFT_CUE.matcher(original).find()) {
            v.add(normalize(bestShift(original)));
        }
        if ((base.contains("rot") || base.contains("ebg")) && ROT13_CUE.matcher(original).find()
                || looksRot13(base)) {
            v.add(normalize(rot13(original)));
        }
        return v;
    }

    private static String unleet(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(switch (c) {
                case '0' -> 'o';
                case '1', '!', '|' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return sb.toString();
    }

    /** The text of base64 or hex runs that decode to readable text, joined. */
    private static String decoded(String text) {
        StringBuilder out = new StringBuilder();
        Matcher b = BASE64.matcher(text);
        while (Scan.hasRun(text, 20, Scan::isBase64) && b.find()) {
            String run = b.group();
            byte[] bytes = null;
            try {
                bytes = run.indexOf('-') >= 0 || run.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(pad(run))
                        : Base64.getDecoder().decode(pad(run));
            } catch (IllegalArgumentException e) {
                // not base64
            }
            appendIfText(bytes, out);
        }
        Matcher h = HEX.matcher(text);
        while (Scan.hasRun(text, 16, Scan::isHexOrSeparator) && h.find()) {
            String hex = h.group().replace("\\x", "").replace(" ", "").replace(":", "");
            byte[] bytes = new byte[hex.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            appendIfText(bytes, out);
        }
        return out.toString();
    }

    private static String pad(String run) {
        String r = run.replace("=", "");
        int rem = r.length() % 4;
        return rem == 1 ? r.substring(0, r.length() - 1) : r;
    }

    private static void appendIfText(byte @org.jspecify.annotations.Nullable [] bytes, StringBuilder out) {
        if (bytes == null || bytes.length < 12) {
            return;
        }
        int printable = 0;
        int letters = 0;
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c >= 32 && c < 127 || c == '\n' || c == '\t') {
                printable++;
            }
            if (Character.isLetter(c) && c < 127) {
                letters++;
            }
        }
        if (printable >= bytes.length * 0.95 && letters >= bytes.length * 0.5) {
            out.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
        }
    }

    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})|\\\\x([0-9a-fA-F]{2})|&#(\\d{2,5});"
            + "|&#x([0-9a-fA-F]{2,4});|%([0-9a-fA-F]{2})");
    private static final Pattern COMMON_WORDS = Pattern.compile("\\b(?:the|and|you|to|of|is|a|in|that|your|all|me"
            + "|what|are|with|for|it|ignore|answer|tell)\\b");

    /** Unicode ({@code \u0069}), hex ({@code \x69}), HTML ({@code &#105;}) and URL ({@code %69}) escapes decoded. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('&') < 0 && s.indexOf('%') < 0) {
            return s;
        }
        Matcher m = ESCAPE.matcher(s);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (m.find()) {
            int code;
            if (m.group(1) != null) {
                code = Integer.parseInt(m.group(1), 16);
            } else if (m.group(2) != null) {
                code = Integer.parseInt(m.group(2), 16);
            } else if (m.group(3) != null) {
                code = Integer.parseInt(m.group(3));
            } else if (m.group(4) != null) {
                code = Integer.parseInt(m.group(4), 16);
            } else {
                code = Integer.parseInt(m.group(5), 16);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(Character.isValidCodePoint(code)
                    ? new String(Character.toChars(code)) : m.group()));
            n++;
        }
        m.appendTail(sb);
        return n >= 4 ? sb.toString() : s;
    }

    /** Whether ROT13 turns {@code s} into many more common English words than it has. */
    private static boolean looksRot13(String lower) {
        if (Scan.commonWords(lower) >= 3) {
            return false; // plain English
        }
        long plain = COMMON_WORDS.matcher(lower).results().count();
        long rotated = COMMON_WORDS.matcher(rot13(lower)).results().count();
        return rotated >= 3 && rotated > 2 * plain;
    }

    /** Text hidden in Unicode tag characters (U+E0020 to U+E007E), which render as nothing. */
    private static String tagText(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp >= 0xE0020 && cp <= 0xE007E) {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append((char) (cp - 0xE0000));
            }
            i += Character.charCount(cp);
        }
        return sb == null ? "" : sb.toString();
    }

    /** The letter shift (Caesar cipher) of {@code s} that reads as the most common English words. */
    private static String bestShift(String s) {
        String best = s;
        long bestCount = COMMON_WORDS.matcher(s.toLowerCase(Locale.ROOT)).results().count();
        for (int k = 1; k < 26; k++) {
            String shifted = shift(s, k);
            long count = COMMON_WORDS.matcher(shifted.toLowerCase(Locale.ROOT)).results().count();
            if (count > bestCount) {
                best = shifted;
                bestCount = count;
            }
        }
        return best;
    }

    private static String shift(String s, int k) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + k) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + k) % 26);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String rot13(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + 13) % 26);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
