package dev.llmkit.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.CacheStore;
import dev.llmkit.api.store.ChangeFeed;
import dev.llmkit.cache.internal.SemanticIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance's cache in step with the others' through a {@link ChangeFeed} ({@link ResponseCache.Builder#sync}):
 * publishes the answers this instance stores (with their question's embedding) and the keys it drops, and applies
 * what the other instances publish.
 */
final class CacheSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final ChangeFeed feed;
    private final CacheStore<CachedAnswer> store;
    private final SemanticIndex index;
    private final String modelVersion;
    private final Duration ttl;
    private final Scheduler scheduler;
    /** Tells this instance's messages on the feed from the others'. */
    private final String instance = UUID.randomUUID().toString();
    private final AutoCloseable subscription;

    CacheSync(ChangeFeed feed, CacheStore<CachedAnswer> store, SemanticIndex index, String modelVersion, Duration ttl,
            Scheduler scheduler) {
        this.feed = feed;
        this.store = store;
        this.index = index;
        this.modelVersion = modelVersion;
        this.ttl = ttl;
        this.scheduler = scheduler;
        this.subscription = feed.subscribe(this::apply);
    }

    /** This instance stored {@code entry} under {@code key}. */
    void stored(String key, String partition, float @Nullable [] vector, CachedAnswer entry) {
        feed.publish(Snapshots.line(key, partition, vector, entry).put("op", "put").put("from", instance).toString());
    }

    /** This instance dropped {@code keys}. */
    void dropped(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        ObjectNode o = Snapshots.JSON.createObjectNode().put("op", "remove").put("from", instance);
        keys.forEach(o.putArray("keys")::add);
        feed.publish(o.toString());
    }

    /**
     * A message from another instance's cache on the feed: an answer it stored joins this index (and this store,
     * when the store does not have it: a local store keeps a copy), or answers it dropped leave them.
     */
    private void apply(String message) {
        try {
            JsonNode o = Snapshots.JSON.readTree(message);
            if (instance.equals(o.path("from").asText())) {
                return;
            }
            if ("remove".equals(o.path("op").asText())) {
                List<String> gone = new ArrayList<>();
                o.path("keys").forEach(k -> gone.add(k.asText()));
                gone.forEach(store::remove);
                index.remove(gone);
            } else if ("put".equals(o.path("op").asText()) && o.path("version").asText("").equals(modelVersion)) {
                CachedAnswer entry = Snapshots.answer(o);
                Duration left = Duration.between(scheduler.now(), entry.storedAt().plus(ttl));
                if (!left.isNegative() && !left.isZero()) {
                    String key = o.get("key").asText();
                    index.put(key, o.get("partition").asText(), Snapshots.vector(o), ResponseCache.indexFields(entry));
                    if (store.get(key).isEmpty()) {
                        store.put(key, entry, left); // a local store: keep a copy; a shared one has it already
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            LOG.warn("Ignoring a change from another instance's cache that could not be applied: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("Could not stop listening to the change feed", e);
        }
    }
}
