package dev.llmkit.cache;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.store.CacheStore;
import dev.llmkit.cache.internal.SemanticIndex;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading side of a {@link ResponseCache}: finds a request's answer, exact first, then semantic (nearest stored
 * questions in the request's partition, above the threshold, accepted by the verifier), and reports hits and misses.
 */
final class Finder {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final CacheStore<CachedAnswer> store;
    private final SemanticIndex index;
    private final @Nullable EmbeddingModel embedder;
    private final double threshold;
    private final double nearMissMargin;
    private final HitVerifier verifier;
    private final ChatModelListener listener;

    Finder(CacheStore<CachedAnswer> store, SemanticIndex index, @Nullable EmbeddingModel embedder, double threshold,
            double nearMissMargin, HitVerifier verifier, ChatModelListener listener) {
        this.store = store;
        this.index = index;
        this.embedder = embedder;
        this.threshold = threshold;
        this.nearMissMargin = nearMissMargin;
        this.verifier = verifier;
        this.listener = listener;
    }

    /** The hit for {@code request}, exact first, then semantic; null on a miss (reported). */
    @Nullable ChatResponse find(Lookup l, ChatRequest request) {
        ChatResponse exact = exactHit(l, request);
        if (exact != null) {
            return exact;
        }
        if (!l.semantic()) {
            miss(request, 0.0, null);
            return null;
        }
        float[] vector = l.vector(embedder);
        if (vector == null) {
            miss(request, 0.0, "the embedding model failed");
            return null;
        }
        List<SemanticIndex.Candidate> candidates;
        try {
            candidates = index.nearest(l.partition(), vector, ResponseCache.CANDIDATES);
        } catch (RuntimeException e) {
            LOG.warn("The semantic cache's lookup failed; counting a miss", e);
            miss(request, 0.0, "the semantic index failed");
            return null;
        }
        double nearest = candidates.isEmpty() ? 0.0 : candidates.get(0).similarity();
        String refused = null;
        for (SemanticIndex.Candidate c : candidates) {
            if (c.similarity() < threshold) {
                if (refused == null && c.similarity() >= threshold - nearMissMargin) {
                    refused = String.format(Locale.ROOT, "similarity %.3f below the threshold %.3f", c.similarity(),
                            threshold);
                }
                break;
            }
            CachedAnswer entry = entry(c.key(), l);
            if (entry == null) {
                continue;
            }
            Optional<String> difference;
            try {
                difference = verifier.difference(entry.question(), l.question);
            } catch (RuntimeException e) {
                LOG.warn("The cache's hit verifier failed; counting the candidate as a miss", e);
                difference = Optional.of("the verifier failed");
            }
            if (difference.isEmpty()) {
                return hit(request, entry.response(), ResponseCache.SEMANTIC, c.similarity());
            }
            if (refused == null) {
                refused = difference.get();
            }
        }
        miss(request, nearest, refused);
        return null;
    }

    @Nullable ChatResponse exactHit(Lookup l, ChatRequest request) {
        CachedAnswer entry = entry(l.key, l);
        if (entry == null) {
            return null;
        }
        reportHit(request, entry.response(), ResponseCache.EXACT, 1.0);
        return entry.exactHit(e -> stamp(e.response(), ResponseCache.EXACT, 1.0));
    }

    /** The live entry under {@code key} for this lookup's tenant; a stale index entry is dropped. */
    private @Nullable CachedAnswer entry(String key, Lookup l) {
        Optional<CachedAnswer> found;
        try {
            found = store.get(key);
        } catch (RuntimeException e) {
            LOG.warn("The cache store failed on a read; counting a miss", e);
            return null;
        }
        if (found.isEmpty()) {
            if (!key.equals(l.key)) {
                forget(key);
            }
            return null;
        }
        CachedAnswer entry = found.get();
        if (!entry.tenant().equals(l.tenant)) {
            LOG.error("The cache store returned another tenant's entry for a key that names the tenant; refusing it."
                    + " This is a bug in the store.");
            return null;
        }
        return entry;
    }

    /** {@code stored} as the answer to {@code request} from {@code cache}; reports the hit. */
    ChatResponse hit(ChatRequest request, ChatResponse stored, String cache, double similarity) {
        reportHit(request, stored, cache, similarity);
        return stamp(stored, cache, similarity);
    }

    private void reportHit(ChatRequest request, ChatResponse stored, String cache, double similarity) {
        if (listener != ChatModelListener.NONE) {
            long tokens = stored.usage().inputTokens() + stored.usage().outputTokens();
            listener.onCacheHit(CacheHitEvent.builder().request(request).cache(cache).similarity(similarity)
                    .tokensSaved((int) Math.min(Integer.MAX_VALUE, tokens)).costSaved(stored.cost().orElse(null))
                    .build());
        }
    }

    /** {@code stored} as a hit: no usage or cost of its own, and the attributes that say what it saved. */
    private static ChatResponse stamp(ChatResponse stored, String cache, double similarity) {
        long tokens = stored.usage().inputTokens() + stored.usage().outputTokens();
        return stored.toBuilder().usage(dev.llmkit.api.Usage.ZERO).cost(BigDecimal.ZERO).latency(Duration.ZERO)
                .timeToFirstToken(null).attribute(ChatResponse.ATTR_CACHE, cache)
                .attribute(ResponseCache.ATTR_SIMILARITY, String.format(Locale.ROOT, "%.3f", similarity))
                .attribute(ResponseCache.ATTR_TOKENS_SAVED, Long.toString(tokens)).build();
    }

    private void miss(ChatRequest request, double similarity, @Nullable String reason) {
        if (listener == ChatModelListener.NONE) {
            return;
        }
        listener.onCacheMiss(CacheMissEvent.builder().request(request).similarity(Math.max(0.0, similarity))
                .reason(reason).build());
    }

    private void forget(String key) {
        try {
            index.remove(List.of(key));
        } catch (RuntimeException e) {
            LOG.warn("The semantic index could not drop a stale entry", e);
        }
    }
}
