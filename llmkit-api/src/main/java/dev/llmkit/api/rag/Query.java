package dev.llmkit.api.rag;

import java.util.Objects;

/**
 * A retrieval query.
 *
 * @param text what to search for; not blank
 * @param topK how many chunks to return, 1 to 10,000
 * @param filter which chunks may be returned; {@link MetadataFilter#ALL} for all
 */
public record Query(String text, int topK, MetadataFilter filter) {

    /** The default number of results. */
    public static final int DEFAULT_TOP_K = 10;

    /** Validates. */
    public Query {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(filter, "filter");
        if (text.isBlank()) {
            throw new IllegalArgumentException("Query text must not be blank");
        }
        if (topK < 1 || topK > 10_000) {
            throw new IllegalArgumentException("topK must be between 1 and 10000, got " + topK);
        }
    }

    /** A query for the {@link #DEFAULT_TOP_K} best chunks, unfiltered. */
    public static Query of(String text) {
        return new Query(text, DEFAULT_TOP_K, MetadataFilter.ALL);
    }

    /** A query for the {@code topK} best chunks, unfiltered. */
    public static Query of(String text, int topK) {
        return new Query(text, topK, MetadataFilter.ALL);
    }

    /** A copy with another top-k. */
    public Query withTopK(int topK) {
        return new Query(text, topK, filter);
    }

    /** A copy with another text. */
    public Query withText(String text) {
        return new Query(text, topK, filter);
    }

    /** A copy with a filter. */
    public Query withFilter(MetadataFilter filter) {
        return new Query(text, topK, filter);
    }
}
