package dev.llmkit.routing.router;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.LlmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels a request like the labelled example prompts nearest to it: the {@code k} most similar examples (cosine
 * similarity of their embeddings) vote, each with its similarity. With an in-process embedding model (e.g.
 * {@code LocalEmbeddings.bgeSmallEnV15()}) it runs offline: "route prompts like these to the small model".
 * Examples are embedded once, when the classifier is built; a request costs one embedding and a scan of the
 * examples, so keep them to a few hundred. When embedding fails, the fallback label is returned with confidence 0.
 *
 * <pre>{@code
 * Classifier byExample = EmbeddingClassifier.builder(embeddings)
 *         .examples("simple", List.of("What are your opening hours?", "Translate 'hello' to French"))
 *         .examples("complex", List.of("Design a sharded rate limiter and compare it with a token bucket"))
 *         .fallback("complex")
 *         .build();
 * }</pre>
 */
public final class EmbeddingClassifier implements Classifier {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingClassifier.class);

    private final EmbeddingModel embeddings;
    private final List<String> labels;
    private final float[][] vectors;
    private final int k;
    private final String fallback;

    private EmbeddingClassifier(Builder b) {
        this.embeddings = b.embeddings;
        this.k = b.k;
        this.fallback = Objects.requireNonNull(b.fallback, "fallback label is required: .fallback(\"complex\")");
        if (!b.examples.containsKey(fallback)) {
            throw new IllegalArgumentException("the fallback label '" + fallback + "' has no examples; use one of "
                    + b.examples.keySet());
        }
        List<String> texts = new ArrayList<>();
        List<String> textLabels = new ArrayList<>();
        b.examples.forEach((label, list) -> list.forEach(t -> {
            texts.add(t);
            textLabels.add(label);
        }));
        if (b.examples.size() < 2) {
            throw new IllegalArgumentException("give examples for at least two labels");
        }
        List<float[]> embedded = embeddings.embedAll(texts);
        this.vectors = new float[embedded.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = normalised(embedded.get(i));
        }
        this.labels = List.copyOf(textLabels);
    }

    /** Starts a builder over {@code embeddings}. */
    public static Builder builder(EmbeddingModel embeddings) {
        return new Builder(embeddings);
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = v.clone();
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }

    @Override
    public Classification classify(ChatRequest request) {
        float[] q;
        try {
            q = normalised(embeddings.embed(request.lastUserText()));
        } catch (LlmException e) {
            LOG.warn("EmbeddingClassifier: embedding failed ({}); using '{}'", e.getClass().getSimpleName(), fallback);
            return new Classification(fallback, 0, "embedding failed: " + e.getClass().getSimpleName());
        }
        PriorityQueue<double[]> nearest = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 0; i < vectors.length; i++) {
            double s = 0;
            float[] v = vectors[i];
            for (int d = 0; d < v.length; d++) {
                s += v[d] * q[d];
            }
            nearest.add(new double[] {s, i});
            if (nearest.size() > k) {
                nearest.poll();
            }
        }
        Map<String, Double> votes = new HashMap<>();
        double total = 0;
        double best = -1;
        for (double[] n : nearest) {
            double w = Math.max(0, n[0]);
            votes.merge(labels.get((int) n[1]), w, Double::sum);
            total += w;
            best = Math.max(best, n[0]);
        }
        String label = fallback;
        double top = -1;
        for (Map.Entry<String, Double> e : votes.entrySet()) {
            if (e.getValue() > top) {
                top = e.getValue();
                label = e.getKey();
            }
        }
        double confidence = total > 0 ? top / total : 0;
        return new Classification(label, confidence,
                String.format(java.util.Locale.ROOT, "%d nearest examples, best similarity %.2f", nearest.size(), best));
    }

    @Override
    public Set<String> labels() {
        return Set.copyOf(labels);
    }

    @Override
    public String toString() {
        return "EmbeddingClassifier[" + vectors.length + " examples, k=" + k + "]";
    }

    /** Builds an {@link EmbeddingClassifier}. Not thread-safe. */
    public static final class Builder {
        private final EmbeddingModel embeddings;
        private final Map<String, List<String>> examples = new LinkedHashMap<>();
        private int k = 5;
        private String fallback;

        private Builder(EmbeddingModel embeddings) {
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        }

        /** Adds example prompts of a label. */
        public Builder examples(String label, List<String> prompts) {
            Objects.requireNonNull(label, "label");
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("label '" + label + "' needs at least one example prompt");
            }
            examples.computeIfAbsent(label, l -> new ArrayList<>()).addAll(prompts);
            return this;
        }

        /** How many nearest examples vote; default 5. */
        public Builder k(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
            this.k = k;
            return this;
        }

        /** The label when embedding fails; required, and must have examples. */
        public Builder fallback(String label) {
            this.fallback = Objects.requireNonNull(label, "label");
            return this;
        }

        /** Embeds the examples and builds the classifier. */
        public EmbeddingClassifier build() {
            return new EmbeddingClassifier(this);
        }
    }
}
