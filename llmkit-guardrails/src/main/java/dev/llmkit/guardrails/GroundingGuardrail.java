package dev.llmkit.guardrails;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Message;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a RAG answer stays within its sources: every source it cites as {@code [n]} exists, and every sentence
 * is supported by the sources it cites (or, uncited, by any source): most of its content words appear there. A
 * violation asks the model again with the unsupported sentences named (a re-ask, bounded by the chain), or blocks
 * when built with {@link #blocking()}; in monitor mode it only reports, as the CLI does.
 *
 * <p>The sources are read from the request by a function; the default reads llmkit-rag's context format, blocks that
 * start with {@code [n]} on a line of their own, from every message:
 *
 * <pre>{@code
 * [1] (guide.md#2)
 * text of the chunk ...
 * }</pre>
 *
 * Support is lexical (content words, with plural and verb endings folded), so a faithful paraphrase with other words
 * can be flagged: run it in monitor mode first and look at what it flags. Thread-safe.
 */
public final class GroundingGuardrail implements Guardrail {
    /** The share of a sentence's content words that must appear in its sources. */
    public static final double DEFAULT_MIN_SUPPORT = 0.5;
    /** Sentences with fewer content words than this are not checked (greetings, connectives). */
    public static final int MIN_CONTENT_WORDS = 4;
    private static final Pattern SOURCE = Pattern.compile("(?m)^\\[(\\d{1,4})\\][ \\t]*(?:\\([^)\\n]*\\))?[ \\t]*\\n?");
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,4})(?:\\s*,\\s*(\\d{1,4}))*\\]");
    private static final Pattern CITE_NUMBER = Pattern.compile("\\d{1,4}");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z\\[\"'(])|\\n+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");
    private static final Set<String> STOP = Set.of("the", "and", "for", "are", "but", "not", "you", "your", "with",
            "this", "that", "these", "those", "from", "have", "has", "had", "was", "were", "will", "would", "can",
            "could", "should", "may", "might", "must", "its", "it's", "into", "onto", "than", "then", "there", "their",
            "they", "them", "what", "when", "where", "which", "who", "whom", "how", "why", "all", "any", "each", "also",
            "only", "just", "such", "some", "more", "most", "very", "out", "about", "over", "under", "does", "did",
            "done", "use", "used", "using", "one", "our", "his", "her", "she", "him", "been", "being", "both", "either",
            "neither", "other", "same", "own", "yes", "per", "via", "etc", "here", "because", "while", "until", "like",
            "source", "sources", "according");

    private final Function<ChatRequest, Map<Integer, String>> sources;
    private final double minSupport;
    private final boolean block;

    private GroundingGuardrail(Function<ChatRequest, Map<Integer, String>> sources, double minSupport,
            boolean block) {
        this.sources = Objects.requireNonNull(sources, "sources");
        if (!(minSupport > 0 && minSupport <= 1)) {
            throw new IllegalArgumentException("minSupport must be in (0, 1], was " + minSupport);
        }
        this.minSupport = minSupport;
        this.block = block;
    }

    /** Sources in llmkit-rag's format, {@value #DEFAULT_MIN_SUPPORT} support, re-ask on a violation. */
    public static GroundingGuardrail standard() {
        return new GroundingGuardrail(GroundingGuardrail::numberedSources, DEFAULT_MIN_SUPPORT, false);
    }

    /** Sources read by {@code sources} (number to text), re-ask on a violation. */
    public static GroundingGuardrail of(Function<ChatRequest, Map<Integer, String>> sources, double minSupport) {
        return new GroundingGuardrail(sources, minSupport, false);
    }

    /** This guardrail, blocking instead of re-asking. */
    public GroundingGuardrail blocking() {
        return new GroundingGuardrail(sources, minSupport, true);
    }

    /** The numbered sources of llmkit-rag's context format, from every message of the request. */
    public static Map<Integer, String> numberedSources(ChatRequest request) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (Message m : request.messages()) {
            String t = m.text();
            Matcher s = SOURCE.matcher(t);
            List<int[]> starts = new ArrayList<>();
            while (s.find()) {
                starts.add(new int[] {s.start(), s.end(), Integer.parseInt(s.group(1))});
            }
            for (int i = 0; i < starts.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : t.length();
                int cut = t.indexOf("\n\nQuestion:", starts.get(i)[1]);
                if (cut >= 0 && cut < end) {
                    end = cut;
                }
                out.putIfAbsent(starts.get(i)[2], t.substring(starts.get(i)[1], end).strip());
            }
        }
        return out;
    }

    @Override
    public Verdict check(GuardrailContext context) {
        Map<Integer, String> src = sources.apply(context.request());
        if (src.isEmpty()) {
            return Verdict.pass(); // not a grounded call
        }
        Map<Integer, Set<String>> words = new LinkedHashMap<>();
        src.forEach((n, text) -> words.put(n, contentWords(text)));
        Set<String> all = new HashSet<>();
        words.values().forEach(all::addAll);
        Set<Integer> missing = new TreeSet<>();
        List<String> unsupported = new ArrayList<>();
        for (String sentence : SENTENCE.split(context.text())) {
            Set<Integer> cited = new TreeSet<>();
            Matcher c = CITATION.matcher(sentence);
            while (c.find()) {
                Matcher n = CITE_NUMBER.matcher(c.group());
                while (n.find()) {
                    cited.add(Integer.parseInt(n.group()));
                }
            }
            Set<String> support = new HashSet<>();
            for (int n : cited) {
                if (words.containsKey(n)) {
                    support.addAll(words.get(n));
                } else {
                    missing.add(n);
                }
            }
            if (cited.isEmpty()) {
                support = all;
            }
            Set<String> mine = contentWords(CITATION.matcher(sentence).replaceAll(" "));
            if (mine.size() < MIN_CONTENT_WORDS) {
                continue;
            }
            long covered = mine.stream().filter(support::contains).count();
            if (covered < minSupport * mine.size()) {
                unsupported.add(sentence.strip());
            }
        }
        if (missing.isEmpty() && unsupported.isEmpty()) {
            return Verdict.pass();
        }
        String reason = (missing.isEmpty() ? "" : "cites sources that do not exist " + missing
                + (unsupported.isEmpty() ? "" : "; ")) + (unsupported.isEmpty() ? "" : unsupported.size()
                + " sentence" + (unsupported.size() == 1 ? " is" : "s are") + " not supported by the sources");
        if (block) {
            return Verdict.block(reason);
        }
        StringBuilder ask = new StringBuilder("Your answer ");
        if (!missing.isEmpty()) {
            ask.append("cites sources that do not exist: ").append(missing).append(". Cite only ")
                    .append(new TreeSet<>(src.keySet())).append(". ");
        }
        if (!unsupported.isEmpty()) {
            ask.append("contains sentences the sources do not support:\n");
            unsupported.forEach(s -> ask.append("- ").append(s).append('\n'));
        }
        ask.append("Answer again using only what the numbered sources say, citing them as [n].");
        return Verdict.reask(ask.toString(), reason);
    }

    /** Lower-case content words, plural and verb endings folded. */
    static Set<String> contentWords(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (w.length() < 3 || STOP.contains(w)) {
                continue;
            }
            out.add(stem(w));
        }
        return out;
    }

    private static String stem(String w) {
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("es")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    @Override
    public String name() {
        return "grounding";
    }

    @Override
    public Set<GuardrailContext.Stage> stages() {
        return Set.of(GuardrailContext.Stage.OUTPUT);
    }

    @Override
    public String toString() {
        return "GroundingGuardrail{minSupport=" + minSupport + (block ? ", blocking" : "") + "}";
    }
}
