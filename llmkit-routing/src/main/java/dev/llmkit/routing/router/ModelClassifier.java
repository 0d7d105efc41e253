package dev.llmkit.routing.router;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a small chat model to label the request: the model gets the labels with their descriptions and the last user
 * message (cut to {@code maxChars}), and answers with one label. The first label named in its answer wins; an answer
 * naming none, or a failed call, gives the fallback label with confidence 0. The classifying call inherits the
 * request's call context (call id, tenant, deadline), so it is traced and budgeted with the call it routes.
 *
 * <pre>{@code
 * Classifier byModel = ModelClassifier.builder(smallModel)
 *         .label("simple", "a factual question or a short rewrite")
 *         .label("complex", "reasoning, code, design, or several steps")
 *         .fallback("complex")
 *         .build();
 * }</pre>
 */
public final class ModelClassifier implements Classifier {
    private static final Logger LOG = LoggerFactory.getLogger(ModelClassifier.class);

    private final ChatModel model;
    private final Map<String, String> labels;
    private final String fallback;
    private final int maxChars;
    private final String system;
    private final Pattern labelPattern;

    private ModelClassifier(Builder b) {
        this.model = b.model;
        this.labels = Map.copyOf(b.labels);
        this.fallback = Objects.requireNonNull(b.fallback, "fallback label is required: .fallback(\"complex\")");
        if (b.labels.size() < 2 || !b.labels.containsKey(fallback)) {
            throw new IllegalArgumentException("give at least two labels, the fallback '" + fallback + "' among them");
        }
        this.maxChars = b.maxChars;
        StringBuilder sb = new StringBuilder("Classify the user's request. Answer with exactly one label and nothing"
                + " else. Labels:\n");
        b.labels.forEach((label, description) -> sb.append("- ").append(label).append(": ").append(description)
                .append('\n'));
        this.system = sb.toString();
        this.labelPattern = Pattern.compile("\\b(" + String.join("|", b.labels.keySet().stream().map(Pattern::quote)
                .toList()) + ")\\b", Pattern.CASE_INSENSITIVE);
    }

    /** Starts a builder over the labelling model. */
    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    @Override
    public Classification classify(ChatRequest request) {
        String text = request.lastUserText();
        if (text.length() > maxChars) {
            text = text.substring(0, maxChars);
        }
        ChatRequest ask = ChatRequest.builder().system(system).user(text).temperature(0.0).maxOutputTokens(8)
                .context(request.context()).build();
        String answer;
        try {
            answer = model.chat(ask).text();
        } catch (LlmException e) {
            LOG.warn("ModelClassifier: the labelling call failed ({}); using '{}'", e.getClass().getSimpleName(),
                    fallback);
            return new Classification(fallback, 0, "labelling call failed: " + e.getClass().getSimpleName());
        }
        Matcher m = labelPattern.matcher(answer);
        if (!m.find()) {
            return new Classification(fallback, 0, "the model named no label");
        }
        String found = m.group(1).toLowerCase(Locale.ROOT);
        for (String label : labels.keySet()) {
            if (label.toLowerCase(Locale.ROOT).equals(found)) {
                return new Classification(label, 1.0, "labelled by " + model.info().model());
            }
        }
        return new Classification(fallback, 0, "the model named no label");
    }

    @Override
    public Set<String> labels() {
        return labels.keySet();
    }

    @Override
    public String toString() {
        return "ModelClassifier[" + model.info().model() + ", " + labels.keySet() + "]";
    }

    /** Builds a {@link ModelClassifier}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel model;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String fallback;
        private int maxChars = 2000;

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Adds a label and what it means; the model reads the description. */
        public Builder label(String label, String description) {
            if (!label.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("label '" + label + "' must be letters, digits, '_' or '-'");
            }
            labels.put(label, Objects.requireNonNull(description, "description"));
            return this;
        }

        /** The label when the model fails or names none; required. */
        public Builder fallback(String label) {
            this.fallback = Objects.requireNonNull(label, "label");
            return this;
        }

        /** How much of the user's message the model sees; default 2,000 characters. */
        public Builder maxChars(int maxChars) {
            if (maxChars < 1) {
                throw new IllegalArgumentException("maxChars must be positive");
            }
            this.maxChars = maxChars;
            return this;
        }

        /** Builds the classifier. */
        public ModelClassifier build() {
            return new ModelClassifier(this);
        }
    }
}
