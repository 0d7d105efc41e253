package dev.llmkit.api.event;

import dev.llmkit.api.rag.ScoredChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A retriever answered one query: which retriever, the query text, the chunk ids it returned with their scores in
 * rank order, the {@code topK} asked for and how long it took. Reported to a {@link RetrievalListener}.
 *
 * <p>A class with a builder rather than a record, so it can gain fields without breaking listeners or code that builds
 * events (e.g. a test):
 *
 * <pre>{@code
 * RetrievalEvent e = RetrievalEvent.builder().retriever("bm25").query("circuit breaker")
 *         .results(hits).topK(10).latency(Duration.ofMillis(3)).build();
 * }</pre>
 */
public final class RetrievalEvent {
    private final String retriever;
    private final String query;
    private final List<String> chunkIds;
    private final List<Double> scores;
    private final int topK;
    private final Duration latency;
    private final @Nullable String callId;

    private RetrievalEvent(Builder b) {
        this.retriever = Objects.requireNonNull(b.retriever, "RetrievalEvent: retriever is required");
        this.query = Objects.requireNonNull(b.query, "RetrievalEvent: query is required");
        this.chunkIds = List.copyOf(b.chunkIds);
        this.scores = List.copyOf(b.scores);
        this.topK = b.topK;
        this.latency = b.latency;
        this.callId = b.callId;
    }

    /** Starts a builder; {@link Builder#retriever} and {@link Builder#query} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public Builder toBuilder() {
        Builder b = new Builder().retriever(retriever).query(query);
        b.chunkIds = new ArrayList<>(chunkIds);
        b.scores = new ArrayList<>(scores);
        b.topK = topK;
        b.latency = latency;
        b.callId = callId;
        return b;
    }

    /** The retriever's name. */
    public String retriever() {
        return retriever;
    }

    /** The query text. */
    public String query() {
        return query;
    }

    /** The ids of the returned chunks, best first; unmodifiable. */
    public List<String> chunkIds() {
        return chunkIds;
    }

    /** The scores of the returned chunks, in the order of {@link #chunkIds()}; unmodifiable. */
    public List<Double> scores() {
        return scores;
    }

    /** How many chunks were asked for (the result may hold fewer). */
    public int topK() {
        return topK;
    }

    /** How long the retrieval took, embedding the query included. */
    public Duration latency() {
        return latency;
    }

    /** The id of the call this retrieval served (e.g. a grounded answer's request), when the caller set one. */
    public Optional<String> callId() {
        return Optional.ofNullable(callId);
    }

    @Override
    public String toString() {
        return "RetrievalEvent[" + retriever + ", topK=" + topK + ", results=" + chunkIds.size() + ", latency="
                + latency + (callId != null ? ", callId=" + callId : "") + "]";
    }

    /**
     * Builds a {@link RetrievalEvent}; {@code topK} defaults to 1, the latency to zero and the result to empty. Not
     * thread-safe.
     */
    public static final class Builder {
        private @Nullable String retriever;
        private @Nullable String query;
        private List<String> chunkIds = new ArrayList<>();
        private List<Double> scores = new ArrayList<>();
        private int topK = 1;
        private Duration latency = Duration.ZERO;
        private @Nullable String callId;

        private Builder() {}

        /** The retriever's name, e.g. {@code bm25}, {@code dense} or {@code hybrid-zscore(bm25=0.1)}; not blank. */
        public Builder retriever(String retriever) {
            Objects.requireNonNull(retriever, "retriever");
            if (retriever.isBlank()) {
                throw new IllegalArgumentException("retriever name must not be blank");
            }
            this.retriever = retriever;
            return this;
        }

        /** The query text. */
        public Builder query(String query) {
            this.query = Objects.requireNonNull(query, "query");
            return this;
        }

        /** The returned chunks, best first: their ids and scores. */
        public Builder results(List<ScoredChunk> results) {
            Objects.requireNonNull(results, "results");
            List<String> ids = new ArrayList<>(results.size());
            List<Double> s = new ArrayList<>(results.size());
            for (ScoredChunk c : results) {
                ids.add(c.chunk().id());
                s.add(c.score());
            }
            this.chunkIds = ids;
            this.scores = s;
            return this;
        }

        /**
         * The returned chunk ids and their scores, best first.
         *
         * @throws IllegalArgumentException when the lists differ in size or a score is not finite
         */
        public Builder results(List<String> chunkIds, List<Double> scores) {
            List<String> ids = List.copyOf(Objects.requireNonNull(chunkIds, "chunkIds"));
            List<Double> s = List.copyOf(Objects.requireNonNull(scores, "scores"));
            if (ids.size() != s.size()) {
                throw new IllegalArgumentException("got " + ids.size() + " chunk ids but " + s.size() + " scores");
            }
            for (Double score : s) {
                if (!Double.isFinite(score)) {
                    throw new IllegalArgumentException("scores must be finite, got " + score);
                }
            }
            this.chunkIds = new ArrayList<>(ids);
            this.scores = new ArrayList<>(s);
            return this;
        }

        /** How many chunks were asked for; at least 1. */
        public Builder topK(int topK) {
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be at least 1, got " + topK);
            }
            this.topK = topK;
            return this;
        }

        /** How long the retrieval took; not negative. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + latency);
            }
            this.latency = latency;
            return this;
        }

        /** The id of the call this retrieval served; not blank. */
        public Builder callId(String callId) {
            Objects.requireNonNull(callId, "callId");
            if (callId.isBlank()) {
                throw new IllegalArgumentException("callId must not be blank");
            }
            this.callId = callId;
            return this;
        }

        /**
         * Builds the event.
         *
         * @throws NullPointerException when the retriever or the query was not set
         */
        public RetrievalEvent build() {
            return new RetrievalEvent(this);
        }
    }
}
