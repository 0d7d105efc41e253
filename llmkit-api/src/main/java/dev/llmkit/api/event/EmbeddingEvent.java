package dev.llmkit.api.event;

import dev.llmkit.api.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One embedding call ended, successfully or not: which model, how many texts, how many tokens it read and how long it
 * took. An embedding model built with an {@link EmbeddingListener} reports each call ({@code embedAll},
 * {@code embedBatch}, {@code embedBatchAsync}, {@code embed}, {@code embedQuery}) exactly once, however many requests
 * it split the call into. Immutable; built with {@link #builder()} so that fields can be added.
 *
 * <pre>{@code
 * EmbeddingListener meter = e -> tokens.add(e.inputTokens());
 * }</pre>
 */
public final class EmbeddingEvent {
    private final String provider;
    private final String model;
    private final int texts;
    private final long inputTokens;
    private final boolean usageKnown;
    private final Duration latency;
    private final @Nullable Throwable error;
    private final @Nullable String callId;

    private EmbeddingEvent(Builder b) {
        this.provider = b.provider;
        this.model = Objects.requireNonNull(b.model, "model is required");
        this.texts = b.texts;
        this.inputTokens = b.inputTokens;
        this.usageKnown = b.usageKnown;
        this.latency = b.latency;
        this.error = b.error;
        this.callId = b.callId;
    }

    /** Starts a builder; {@code model} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public Builder toBuilder() {
        Builder b = new Builder().provider(provider).model(model).texts(texts).latency(latency);
        b.inputTokens = inputTokens;
        b.usageKnown = usageKnown;
        b.error = error;
        b.callId = callId;
        return b;
    }

    /** The provider, e.g. {@code "openai"} or {@code "local"}; {@code "unknown"} when not set. */
    public String provider() {
        return provider;
    }

    /** The embedding model. */
    public String model() {
        return model;
    }

    /** How many texts the call was given. */
    public int texts() {
        return texts;
    }

    /**
     * The tokens the model read; 0 when {@linkplain #usageKnown() not reported} and, for a failed call, the tokens of
     * the requests that succeeded before the failure (they may still be billed).
     */
    public long inputTokens() {
        return inputTokens;
    }

    /** Whether the model reported its token count. */
    public boolean usageKnown() {
        return usageKnown;
    }

    /** {@link #inputTokens()} as a {@link Usage} without output tokens, when reported. */
    public Optional<Usage> usage() {
        return usageKnown ? Optional.of(Usage.of(inputTokens, 0)) : Optional.empty();
    }

    /** From the call to its end (result, failure or cancellation). */
    public Duration latency() {
        return latency;
    }

    /**
     * Why the call failed, empty when it succeeded: usually an {@link dev.llmkit.api.error.LlmException}; a
     * {@link java.util.concurrent.CancellationException} for a cancelled async call.
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    /** Whether the call returned its vectors. */
    public boolean succeeded() {
        return error == null;
    }

    /** The caller's identifier of the call, to join it with other events; empty when none was given. */
    public Optional<String> callId() {
        return Optional.ofNullable(callId);
    }

    @Override
    public String toString() {
        return "EmbeddingEvent[" + provider + "/" + model + ", texts=" + texts + ", inputTokens="
                + (usageKnown ? Long.toString(inputTokens) : "unknown") + ", latency=" + latency
                + (error == null ? "" : ", error=" + error.getClass().getSimpleName())
                + (callId == null ? "" : ", callId=" + callId) + "]";
    }

    /** Builds an {@link EmbeddingEvent}. Not thread-safe. */
    public static final class Builder {
        private String provider = "unknown";
        private @Nullable String model;
        private int texts;
        private long inputTokens;
        private boolean usageKnown;
        private Duration latency = Duration.ZERO;
        private @Nullable Throwable error;
        private @Nullable String callId;

        private Builder() {}

        /** The provider; default {@code "unknown"}. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The embedding model; required. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** How many texts the call was given, 0 or more. */
        public Builder texts(int texts) {
            if (texts < 0) {
                throw new IllegalArgumentException("texts must not be negative, got " + texts);
            }
            this.texts = texts;
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

        /** From the call to its end, not negative; default zero. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + latency);
            }
            this.latency = latency;
            return this;
        }

        /** Marks the call as failed with {@code error}. */
        public Builder error(Throwable error) {
            this.error = Objects.requireNonNull(error, "error");
            return this;
        }

        /** The caller's identifier of the call. */
        public Builder callId(String callId) {
            this.callId = Objects.requireNonNull(callId, "callId");
            return this;
        }

        /** Builds the event. */
        public EmbeddingEvent build() {
            return new EmbeddingEvent(this);
        }
    }
}
