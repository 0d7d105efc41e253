package dev.llmkit.api.rag;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A retrieval query.
 *
 * @param text what to search for; not blank
 * @param topK how many chunks to return, 1 to 10,000
 * @param filter which chunks may be returned; {@link MetadataFilter#ALL} for all
 * @param callId the id of the chat call the retrieval serves ({@link dev.llmkit.api.CallContext#callId()}), so
 *     retrievers can report the search with it and observers tie the chunks to the answer; {@code null} for none
 */
public record Query(String text, int topK, MetadataFilter filter, @Nullable String callId) {

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
        if (callId != null && callId.isBlank()) {
            throw new IllegalArgumentException("callId must not be blank; leave it unset instead");
        }
    }

    /** A query serving no particular call. */
    public Query(String text, int topK, MetadataFilter filter) {
        this(text, topK, filter, null);
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
        return new Query(text, topK, filter, callId);
    }

    /** A copy with another text. */
    public Query withText(String text) {
        return new Query(text, topK, filter, callId);
    }

    /** A copy with a filter. */
    public Query withFilter(MetadataFilter filter) {
        return new Query(text, topK, filter, callId);
    }

    /** A copy that serves the chat call {@code callId} (e.g. {@code request.context().callId()}). */
    public Query withCallId(String callId) {
        return new Query(text, topK, filter, Objects.requireNonNull(callId, "callId"));
    }

    /** The call the retrieval serves, when set. */
    public Optional<String> call() {
        return Optional.ofNullable(callId);
    }
}
