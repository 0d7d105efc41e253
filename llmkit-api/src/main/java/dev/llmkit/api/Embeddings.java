package dev.llmkit.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one batch embedding call returned: the vectors in input order, the tokens the model counted (for cost), and the
 * model that made them. Immutable and thread-safe.
 *
 * <pre>{@code
 * Embeddings result = embeddings.embedBatch(List.of("first passage", "second passage"));
 * float[] first = result.vectors().get(0);
 * long tokens = result.inputTokens();                       // 0 when the model does not report usage
 * Optional<BigDecimal> cost = result.usage().flatMap(embeddings.info()::cost);
 * }</pre>
 *
 * <p>The list of vectors is copied and unmodifiable, but the {@code float[]} arrays themselves are not copied, for
 * speed (a batch holds megabytes of floats): neither the producer nor the consumer may change an array after it is
 * handed over.
 *
 * <p>Usage is {@linkplain #usage() empty} when the model does not report it (a model that only implements
 * {@link EmbeddingModel#embedAll}, or a server that sends no {@code usage}): unknown, not free.
 */
public final class Embeddings {
    private final List<float[]> vectors;
    private final String model;
    private final long inputTokens;
    private final boolean usageKnown;

    private Embeddings(Builder b) {
        this.vectors = Collections.unmodifiableList(new ArrayList<>(b.vectors));
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i) == null) {
                throw new IllegalArgumentException("vector " + i + " is null; every text needs a vector");
            }
        }
        this.model = Objects.requireNonNull(b.model, "model is required");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        this.inputTokens = b.inputTokens;
        this.usageKnown = b.usageKnown;
    }

    /** Vectors of {@code model} whose usage the model did not report. */
    public static Embeddings of(List<float[]> vectors, String model) {
        return builder().vectors(vectors).model(model).build();
    }

    /** Vectors of {@code model} for which the model counted {@code inputTokens} tokens. */
    public static Embeddings of(List<float[]> vectors, String model, long inputTokens) {
        return builder().vectors(vectors).model(model).inputTokens(inputTokens).build();
    }

    /** Starts a builder; {@code model} is required, vectors default to none and usage to unknown. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().vectors(vectors).model(model);
        b.inputTokens = inputTokens;
        b.usageKnown = usageKnown;
        return b;
    }

    /** One vector per text, in the order of the texts; unmodifiable (the arrays are shared, see the class comment). */
    public List<float[]> vectors() {
        return vectors;
    }

    /** The number of vectors. */
    public int size() {
        return vectors.size();
    }

    /** The model that made the vectors, as in {@link ModelInfo#model()}. */
    public String model() {
        return model;
    }

    /** Whether the model reported how many tokens it read; when not, {@link #inputTokens()} is 0. */
    public boolean usageKnown() {
        return usageKnown;
    }

    /** The tokens the model read, over every text; 0 when {@linkplain #usageKnown() not reported}. */
    public long inputTokens() {
        return inputTokens;
    }

    /**
     * The usage as a {@link Usage} of {@link #inputTokens()} input tokens and no output tokens, for
     * {@link ModelInfo#cost(Usage)}; empty when the model did not report it.
     */
    public Optional<Usage> usage() {
        return usageKnown ? Optional.of(Usage.of(inputTokens, 0)) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Embeddings other)) {
            return false;
        }
        if (inputTokens != other.inputTokens || usageKnown != other.usageKnown || !model.equals(other.model)
                || vectors.size() != other.vectors.size()) {
            return false;
        }
        for (int i = 0; i < vectors.size(); i++) {
            if (!Arrays.equals(vectors.get(i), other.vectors.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(model, inputTokens, usageKnown);
        for (float[] v : vectors) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Embeddings[" + vectors.size() + " vectors of " + model + ", inputTokens="
                + (usageKnown ? Long.toString(inputTokens) : "unknown") + "]";
    }

    /** Builds {@link Embeddings}. Not thread-safe. */
    public static final class Builder {
        private List<float[]> vectors = List.of();
        private @Nullable String model;
        private long inputTokens;
        private boolean usageKnown;

        private Builder() {}

        /** The vectors, one per text in input order; the list is copied when built, the arrays are not. */
        public Builder vectors(List<float[]> vectors) {
            this.vectors = Objects.requireNonNull(vectors, "vectors");
            return this;
        }

        /** The model that made the vectors; required. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The tokens the model read, 0 or more; setting it marks the usage as reported. */
        public Builder inputTokens(long inputTokens) {
            if (inputTokens < 0) {
                throw new IllegalArgumentException("inputTokens must not be negative, got " + inputTokens);
            }
            this.inputTokens = inputTokens;
            this.usageKnown = true;
            return this;
        }

        /** Marks the usage as not reported (the default), clearing any {@link #inputTokens(long)}. */
        public Builder usageUnknown() {
            this.inputTokens = 0;
            this.usageKnown = false;
            return this;
        }

        /** Builds the result. */
        public Embeddings build() {
            return new Embeddings(this);
        }
    }
}
