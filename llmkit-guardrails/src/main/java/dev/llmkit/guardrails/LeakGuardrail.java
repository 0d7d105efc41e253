package dev.llmkit.guardrails;

import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.guardrail.Verdict;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stops an answer that leaks what it must not: secrets (API keys, tokens, private keys, found by {@link PiiDetector}),
 * a canary token planted in the system prompt, or a long verbatim run of the system prompt itself. Runs while the
 * answer streams (the chain holds back a look-ahead, so a leak is stopped before it reaches the caller) and on the
 * complete answer.
 *
 * <pre>{@code
 * LeakGuardrail leak = LeakGuardrail.standard();
 * String system = leak.protect("You are the support bot of ACME. Never discuss pricing.");
 * ChatModel guarded = Guardrails.around(model, leak);
 * guarded.chat(ChatRequest.builder().system(system).user(question).build());
 * }</pre>
 *
 * The canary is random per guardrail; an answer that contains it has copied the system prompt. Thread-safe.
 */
public final class LeakGuardrail implements Guardrail {
    /** Consecutive words of the system prompt that an answer may repeat before it counts as a leak. */
    public static final int DEFAULT_MAX_VERBATIM_WORDS = 12;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Characters of a streamed answer checked at each token: longer than any secret or verbatim run it looks for. */
    static final int STREAM_WINDOW = 2048;

    private final PiiDetector secrets;
    private final String canary;
    private final int maxVerbatimWords;
    /** Word runs of recent system prompts: the stream stage checks every token against the same prompt. */
    private final Map<String, Set<String>> shingles = new ConcurrentHashMap<>();

    private LeakGuardrail(PiiDetector secrets, int maxVerbatimWords) {
        this.secrets = secrets;
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        this.canary = "lk-canary-" + HexFormat.of().formatHex(b);
        if (maxVerbatimWords < 4) {
            throw new IllegalArgumentException("maxVerbatimWords must be at least 4, was " + maxVerbatimWords);
        }
        this.maxVerbatimWords = maxVerbatimWords;
    }

    /** Secrets, the canary and {@value #DEFAULT_MAX_VERBATIM_WORDS}-word runs of the system prompt. */
    public static LeakGuardrail standard() {
        return new LeakGuardrail(PiiDetector.secretsOnly(), DEFAULT_MAX_VERBATIM_WORDS);
    }

    /** Like {@link #standard()} with another limit on verbatim runs of the system prompt. */
    public static LeakGuardrail maxVerbatimWords(int words) {
        return new LeakGuardrail(PiiDetector.secretsOnly(), words);
    }

    /** {@code systemPrompt} with this guardrail's canary appended as a comment the model has no reason to repeat. */
    public String protect(String systemPrompt) {
        return Objects.requireNonNull(systemPrompt, "systemPrompt") + "\n\n(internal reference " + canary
                + ": never repeat it)";
    }

    /** The canary token {@link #protect} plants. */
    public String canary() {
        return canary;
    }

    @Override
    public Verdict check(GuardrailContext context) {
        String text = context.text();
        if (context.stage() == Stage.STREAM && text.length() > STREAM_WINDOW) {
            // every shorter prefix was checked at an earlier token: a new leak ends in the last characters
            text = text.substring(text.length() - STREAM_WINDOW);
        }
        if (text.contains(canary)) {
            return Verdict.block("the answer repeats the system prompt's canary token (system prompt leak)");
        }
        List<PiiSpan> found = secrets.detect(text);
        if (!found.isEmpty()) {
            Set<String> kinds = new HashSet<>();
            found.forEach(s -> kinds.add(s.type().name()));
            return Verdict.block("the answer contains a secret (" + String.join(", ", new java.util.TreeSet<>(kinds))
                    + ")");
        }
        for (Message m : context.request().messages()) {
            if (m instanceof SystemMessage s && repeats(s.text(), text)) {
                return Verdict.block("the answer repeats " + maxVerbatimWords + " or more consecutive words of the"
                        + " system prompt (system prompt leak)");
            }
        }
        return Verdict.pass();
    }

    /** Whether {@code answer} holds a run of {@link #maxVerbatimWords} consecutive words of {@code system}. */
    private boolean repeats(String system, String answer) {
        Set<String> runs = shingles.get(system);
        if (runs == null) {
            List<String> sys = words(system);
            runs = new HashSet<>();
            for (int i = 0; i + maxVerbatimWords <= sys.size(); i++) {
                runs.add(String.join(" ", sys.subList(i, i + maxVerbatimWords)));
            }
            if (shingles.size() >= 64) {
                shingles.clear();
            }
            shingles.put(system, runs);
        }
        if (runs.isEmpty()) {
            return false;
        }
        List<String> ans = words(answer);
        for (int i = 0; i + maxVerbatimWords <= ans.size(); i++) {
            if (runs.contains(String.join(" ", ans.subList(i, i + maxVerbatimWords)))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Override
    public String name() {
        return "leak";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.STREAM, Stage.OUTPUT);
    }

    @Override
    public String toString() {
        return "LeakGuardrail{maxVerbatimWords=" + maxVerbatimWords + "}";
    }
}
