package dev.llmkit.cache;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ToolCall;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One stored answer and what it was stored for: the question (the last user turn) it answered, when, for which tenant,
 * the request's tags, the source documents it was built from and the model version. The value a {@link ResponseCache}
 * keeps in its {@link dev.llmkit.api.store.CacheStore}. Immutable.
 */
public final class CachedAnswer {
    private final ChatResponse response;
    private final String question;
    private final Instant storedAt;
    private final String tenant;
    private final Set<String> tags;
    private final Set<String> sources;
    private final String modelVersion;
    /** The response an exact hit returns, made on the first hit (the same for every exact hit). */
    private volatile @Nullable ChatResponse exactHit;

    private CachedAnswer(ChatResponse response, String question, Instant storedAt, String tenant, Set<String> tags,
            Set<String> sources, String modelVersion) {
        this.response = Objects.requireNonNull(response, "response");
        this.question = Objects.requireNonNull(question, "question");
        this.storedAt = Objects.requireNonNull(storedAt, "storedAt");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.tags = Set.copyOf(tags);
        this.sources = Set.copyOf(sources);
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * A stored answer.
     *
     * @param response the model's complete answer, as it was returned
     * @param question the last user turn it answered
     * @param storedAt when it was stored
     * @param tenant the tenant it belongs to; empty for none
     * @param tags the request's tags
     * @param sources the ids of the documents or chunks it was built from
     * @param modelVersion the model version it was stored under; empty for none
     */
    public static CachedAnswer of(ChatResponse response, String question, Instant storedAt, String tenant,
            Set<String> tags, Set<String> sources, String modelVersion) {
        return new CachedAnswer(response, question, storedAt, tenant, tags, sources, modelVersion);
    }

    /** The stored answer, as the model returned it. */
    public ChatResponse response() {
        return response;
    }

    /** The last user turn it answered. */
    public String question() {
        return question;
    }

    /** When it was stored. */
    public Instant storedAt() {
        return storedAt;
    }

    /** The tenant it belongs to; empty for none. */
    public String tenant() {
        return tenant;
    }

    /** The request's tags. */
    public Set<String> tags() {
        return tags;
    }

    /** The documents or chunks it was built from. */
    public Set<String> sources() {
        return sources;
    }

    /** The model version it was stored under; empty for none. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The tokens the answer cost when it was made: what a hit saves. */
    public long tokens() {
        return response.usage().inputTokens() + response.usage().outputTokens();
    }

    /** An estimate of the heap it takes, in bytes, for weight limits: its strings and a fixed overhead. */
    public int weight() {
        long chars = response.text().length() + question.length() + tenant.length() + modelVersion.length();
        for (ToolCall c : response.message().toolCalls()) {
            chars += c.name().length() + c.arguments().length() + c.id().length();
        }
        for (String s : tags) {
            chars += s.length();
        }
        for (String s : sources) {
            chars += s.length();
        }
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + 600);
    }

    /** The response an exact hit returns, made once by {@code make}. */
    ChatResponse exactHit(Function<CachedAnswer, ChatResponse> make) {
        ChatResponse r = exactHit;
        if (r == null) {
            r = make.apply(this);
            exactHit = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return "CachedAnswer[question=" + question.length() + " chars, answer=" + response.text().length()
                + " chars, tenant=" + (tenant.isEmpty() ? "-" : tenant) + ", storedAt=" + storedAt + "]";
    }

    /** This answer as one line of JSON (for a shared store's codec); {@link #fromJson} reads it back. */
    public String toJson() {
        return Snapshots.answer(Snapshots.JSON.createObjectNode(), this).toString();
    }

    /**
     * The answer {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException when {@code json} is not one
     */
    public static CachedAnswer fromJson(String json) {
        try {
            return Snapshots.answer(Snapshots.JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a cached answer written by CachedAnswer.toJson: " + e.getMessage(),
                    e);
        }
    }
}
