package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One version of a named prompt, with typed variables: {@code {{name}}} placeholders in the text, each declared with a
 * type. Rendering with a missing, extra or mistyped value is an error, so a prompt change that renames a variable
 * fails at the first render (and at load time if the text and the declarations disagree). The rendered request
 * carries the template's id and version as the attributes {@link #ATTR_ID} and {@link #ATTR_VERSION}, which every
 * event reports and {@link Experiment} and {@link Canary} copy onto the response.
 *
 * <pre>{@code
 * PromptTemplate t = PromptTemplate.of("answer", "v2", "Answer in at most {{words}} words: {{question}}",
 *         Map.of("question", PromptTemplate.Type.STRING, "words", PromptTemplate.Type.INTEGER));
 * ChatRequest r = t.request(Map.of("question", "What is a circuit breaker?", "words", 50));
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link PromptTemplates} loads many from files.
 */
public final class PromptTemplate {
    /** The request and response attribute naming the template. */
    public static final String ATTR_ID = "llmkit.prompt.id";
    /** The request and response attribute naming the template's version. */
    public static final String ATTR_VERSION = "llmkit.prompt.version";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    /** The type of a variable. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A whole number (Integer, Long, or a string of digits is refused: pass the number). */
        INTEGER,
        /** Any number. */
        NUMBER,
        /** true or false. */
        BOOLEAN;

        boolean accepts(Object v) {
            return switch (this) {
                case STRING -> v instanceof CharSequence;
                case INTEGER -> v instanceof Integer || v instanceof Long || v instanceof Short;
                case NUMBER -> v instanceof Number;
                case BOOLEAN -> v instanceof Boolean;
            };
        }
    }

    private final String id;
    private final String version;
    private final String text;
    private final Map<String, Type> variables;

    private PromptTemplate(String id, String version, String text, Map<String, Type> variables) {
        this.id = requireName(id, "id");
        this.version = requireName(version, "version");
        this.text = Objects.requireNonNull(text, "text");
        this.variables = Map.copyOf(variables);
        Set<String> used = placeholders(text);
        Set<String> undeclared = new TreeSet<>(used);
        undeclared.removeAll(this.variables.keySet());
        Set<String> unused = new TreeSet<>(this.variables.keySet());
        unused.removeAll(used);
        if (!undeclared.isEmpty() || !unused.isEmpty()) {
            throw new IllegalArgumentException("prompt " + id + "@" + version + ": "
                    + (undeclared.isEmpty() ? "" : "placeholders without a declared type " + undeclared + " ")
                    + (unused.isEmpty() ? "" : "declared variables the text never uses " + unused));
        }
    }

    /**
     * A template.
     *
     * @throws IllegalArgumentException when a placeholder has no declared type or a declared variable is not used
     */
    public static PromptTemplate of(String id, String version, String text, Map<String, Type> variables) {
        return new PromptTemplate(id, version, text, variables);
    }

    private static String requireName(String s, String what) {
        if (s == null || !s.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("a prompt " + what + " is letters, digits, '.', '_' and '-', was '" + s
                    + "'");
        }
        return s;
    }

    static Set<String> placeholders(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * The text with every placeholder replaced.
     *
     * @throws IllegalArgumentException naming every missing, extra and mistyped variable
     */
    public String render(Map<String, ?> values) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Type> v : new java.util.TreeMap<>(variables).entrySet()) {
            Object value = values.get(v.getKey());
            if (value == null) {
                problems.add("missing " + v.getKey() + " (" + v.getValue().name().toLowerCase() + ")");
            } else if (!v.getValue().accepts(value)) {
                problems.add(v.getKey() + " must be " + v.getValue().name().toLowerCase() + ", was "
                        + value.getClass().getSimpleName());
            }
        }
        new TreeSet<>(values.keySet()).stream().filter(k -> !variables.containsKey(k))
                .forEach(k -> problems.add("unknown variable " + k));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("prompt " + id + "@" + version + ": " + String.join("; ", problems));
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf(values.get(m.group(1)))));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** A request whose user message is the rendered text, carrying the template's id and version. */
    public ChatRequest request(Map<String, ?> values) {
        return ChatRequest.builder().user(render(values)).attribute(ATTR_ID, id).attribute(ATTR_VERSION, version)
                .build();
    }

    /**
     * {@code model}, stamping the prompt id and version a request carries ({@link #ATTR_ID}, {@link #ATTR_VERSION}) on
     * its response, so a plain call records them too ({@link Experiment} and {@link Canary} stamp them already).
     */
    public static ChatModel recorded(ChatModel model) {
        Objects.requireNonNull(model, "model");
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return stampPrompt(model.chat(request), request);
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                return Stamping.stream(model, request, handler, r -> stampPrompt(r, request));
            }

            @Override
            public ModelInfo info() {
                return model.info();
            }

            @Override
            public String toString() {
                return "PromptTemplate.recorded(" + model + ")";
            }
        };
    }

    /** {@code r} with the request's prompt id and version, when it has them. */
    static ChatResponse stampPrompt(ChatResponse r, ChatRequest request) {
        ChatResponse out = r;
        for (String k : List.of(ATTR_ID, ATTR_VERSION)) {
            String v = request.attribute(k).orElse(null);
            if (v != null) {
                out = out.withAttribute(k, v);
            }
        }
        return out;
    }

    /** The template's name. */
    public String id() {
        return id;
    }

    /** This version's name. */
    public String version() {
        return version;
    }

    /** The raw text. */
    public String text() {
        return text;
    }

    /** The declared variables and their types. */
    public Map<String, Type> variables() {
        return new LinkedHashMap<>(variables);
    }

    @Override
    public String toString() {
        return "PromptTemplate[" + id + "@" + version + ", variables " + new TreeSet<>(variables.keySet()) + "]";
    }
}
