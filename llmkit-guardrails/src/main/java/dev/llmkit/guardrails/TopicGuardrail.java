package dev.llmkit.guardrails;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a conversation on the topics an application is for: a message on a denied topic is blocked, and when allowed
 * topics are given, a message on none of them is blocked too. Each topic is a name and example phrases; a message is
 * on a topic when it contains one of the phrases (as whole words, ignoring case) or, with an embedding model, when
 * its embedding is close enough to one of them.
 *
 * <pre>{@code
 * Guardrail topics = TopicGuardrail.builder()
 *         .allow("billing", "invoice", "refund", "payment", "subscription")
 *         .deny("legal advice", "sue", "lawsuit", "is it legal")
 *         .embeddings(LocalEmbeddings.bgeSmallEnV15(), 0.80)
 *         .build();
 * }</pre>
 *
 * Thread-safe once built.
 */
public final class TopicGuardrail implements Guardrail {
    /** The default cosine similarity at which a message is on a topic, with embeddings. */
    public static final double DEFAULT_SIMILARITY = 0.80;

    private record Topic(String name, List<Pattern> phrases, List<float[]> vectors) {
    }

    private final List<Topic> allowed;
    private final List<Topic> denied;
    private final @Nullable EmbeddingModel embeddings;
    private final double similarity;

    private TopicGuardrail(Builder b) {
        this.embeddings = b.embeddings;
        this.similarity = b.similarity;
        this.allowed = b.allowed.stream().map(this::topic).toList();
        this.denied = b.denied.stream().map(this::topic).toList();
    }

    private Topic topic(List<String> spec) {
        String name = spec.get(0);
        List<String> phrases = spec.subList(1, spec.size());
        List<Pattern> patterns = phrases.stream()
                .map(p -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(p.toLowerCase(Locale.ROOT))
                        + "(?![\\p{L}\\p{N}])"))
                .toList();
        List<float[]> vectors = embeddings == null ? List.of() : unit(embeddings.embedAll(phrases));
        return new Topic(name, patterns, vectors);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Verdict check(GuardrailContext context) {
        String lower = context.text().toLowerCase(Locale.ROOT);
        float[] vector = embeddings == null || lower.isBlank() ? null : unit(embeddings.embed(context.text()));
        for (Topic t : denied) {
            if (on(t, lower, vector)) {
                return Verdict.block("the message is on a denied topic (" + t.name() + ")");
            }
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(t -> on(t, lower, vector))) {
            return Verdict.block("the message is on none of the allowed topics (" + allowed.stream().map(Topic::name)
                    .collect(Collectors.joining(", ")) + ")");
        }
        return Verdict.pass();
    }

    private boolean on(Topic t, String lower, float @Nullable [] vector) {
        for (Pattern p : t.phrases()) {
            if (p.matcher(lower).find()) {
                return true;
            }
        }
        if (vector != null) {
            for (float[] v : t.vectors()) {
                double dot = 0;
                for (int i = 0; i < v.length; i++) {
                    dot += v[i] * vector[i];
                }
                if (dot >= similarity) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<float[]> unit(List<float[]> vectors) {
        List<float[]> out = new ArrayList<>(vectors.size());
        vectors.forEach(v -> out.add(unit(v)));
        return out;
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] u = v.clone();
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < u.length; i++) {
                u[i] *= inv;
            }
        }
        return u;
    }

    @Override
    public String name() {
        return "topics";
    }

    @Override
    public Set<GuardrailContext.Stage> stages() {
        return Set.of(GuardrailContext.Stage.INPUT);
    }

    @Override
    public String toString() {
        return "TopicGuardrail{allowed=" + allowed.stream().map(Topic::name).toList() + ", denied="
                + denied.stream().map(Topic::name).toList() + (embeddings == null ? "" : ", similarity=" + similarity)
                + "}";
    }

    /** Builds a {@link TopicGuardrail}. Not thread-safe. */
    public static final class Builder {
        private final List<List<String>> allowed = new ArrayList<>();
        private final List<List<String>> denied = new ArrayList<>();
        private @Nullable EmbeddingModel embeddings;
        private double similarity = DEFAULT_SIMILARITY;

        private Builder() {}

        /** An allowed topic, by name and at least one example phrase. */
        public Builder allow(String name, String... phrases) {
            allowed.add(spec(name, phrases));
            return this;
        }

        /** A denied topic, by name and at least one example phrase. */
        public Builder deny(String name, String... phrases) {
            denied.add(spec(name, phrases));
            return this;
        }

        private static List<String> spec(String name, String... phrases) {
            Objects.requireNonNull(name, "name");
            if (phrases.length == 0) {
                throw new IllegalArgumentException("topic '" + name + "' needs at least one example phrase");
            }
            List<String> s = new ArrayList<>();
            s.add(name);
            for (String p : phrases) {
                if (Objects.requireNonNull(p, "phrase").isBlank()) {
                    throw new IllegalArgumentException("topic '" + name + "' has a blank phrase");
                }
                s.add(p);
            }
            return s;
        }

        /** Also match by meaning: embedding similarity at least {@code similarity} to one of a topic's phrases. */
        public Builder embeddings(EmbeddingModel model, double similarity) {
            if (!(similarity > 0 && similarity < 1)) {
                throw new IllegalArgumentException("similarity must be in (0, 1), was " + similarity);
            }
            this.embeddings = Objects.requireNonNull(model, "model");
            this.similarity = similarity;
            return this;
        }

        /** Builds the guardrail (embedding the phrases, when an embedding model was given). */
        public TopicGuardrail build() {
            if (allowed.isEmpty() && denied.isEmpty()) {
                throw new IllegalStateException("a TopicGuardrail needs at least one allowed or denied topic");
            }
            return new TopicGuardrail(this);
        }
    }
}
