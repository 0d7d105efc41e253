package dev.llmkit.cache;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.store.CacheStore;
import dev.llmkit.api.store.ChangeFeed;
import dev.llmkit.cache.internal.SemanticIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response cache in front of a {@link ChatModel}: an exact cache (the same prompt, model, parameters, tools,
 * response format, tenant and model version) and, when given an {@link EmbeddingModel}, a semantic cache (a question
 * close in meaning to a stored one, with everything else equal, earlier turns included).
 *
 * <ul>
 *   <li><b>Safe hits.</b> A semantic candidate must reach the similarity threshold and pass the {@link HitVerifier}
 *       (by default {@link LexicalVerifier}: numbers, negation, names, dates and units must agree). Entries are
 *       partitioned by tenant: a tenant's call never even sees another tenant's entries as candidates.</li>
 *   <li><b>What is stored.</b> Only complete answers ({@code STOP}): never an error, a refusal, a filtered or
 *       truncated answer, a stream that failed or was cancelled, or a response marked {@link #ATTR_NO_STORE} (a
 *       guardrail's blocked answer). Tool-calling answers, and calls with a temperature above zero (sampling asks for
 *       variety), are not cached unless enabled. A request opts out with {@link #ATTR_CACHE_CONTROL}.</li>
 *   <li><b>Streams.</b> A hit on {@link #stream} is replayed as a stream, word by word; a miss streams through and
 *       is stored only when it completes.</li>
 *   <li><b>Single flight.</b> Concurrent identical misses make one call to the model; the others wait for it (within
 *       their deadlines) and get its answer, or make their own call when it fails.</li>
 *   <li><b>Invalidation</b> by request, tenant, tag, source document ({@link #ATTR_SOURCES}), model version, or all;
 *       and by time to live, entry count or weight in the store.</li>
 *   <li><b>Events.</b> {@link CacheHitEvent} with the tokens and cost saved, {@link CacheMissEvent} with the nearest
 *       similarity and, for a near miss, why it was refused. A hit's response has zero usage and cost and carries
 *       {@link ChatResponse#ATTR_CACHE}, {@link #ATTR_SIMILARITY} and {@link #ATTR_TOKENS_SAVED}.</li>
 * </ul>
 * A failure of the cache itself (the store, the embedding model, the verifier) is logged and counts as a miss: the
 * call goes on to the model. The lookup runs on the calling thread, also for {@link #stream} (the semantic cache then
 * embeds the question first: milliseconds with an in-process model). Thread-safe; {@link #close()} it to free the
 * index.
 *
 * <pre>{@code
 * ResponseCache cached = ResponseCache.builder(model)
 *         .semantic(embeddings, 0.85)
 *         .ttl(Duration.ofHours(6))
 *         .build();
 * }</pre>
 */
public final class ResponseCache implements ChatModel, AutoCloseable {
    /** Request attribute: {@link #CONTROL_OFF} or {@link #CONTROL_REFRESH}. */
    public static final String ATTR_CACHE_CONTROL = "llmkit.cache.control";
    /** Neither read nor write the cache for this request. */
    public static final String CONTROL_OFF = "off";
    /** Skip the lookup but store the fresh answer (to replace a stale one). */
    public static final String CONTROL_REFRESH = "refresh";
    /**
     * Request or response attribute: comma-separated ids of the documents or chunks the answer is built from, so that
     * {@link #invalidateSource} drops it when one of them changes.
     */
    public static final String ATTR_SOURCES = "llmkit.sources";
    /** Response attribute: set (to any value) by a layer whose answer must not be stored, such as a blocked one. */
    public static final String ATTR_NO_STORE = "llmkit.cache.no-store";
    /** Response attribute on a hit: the similarity of the stored question, {@code 1.000} for an exact hit. */
    public static final String ATTR_SIMILARITY = "llmkit.cache.similarity";
    /** Response attribute on a hit: the tokens the stored answer cost when it was made. */
    public static final String ATTR_TOKENS_SAVED = "llmkit.cache.tokens_saved";
    /** The name of the exact cache in events and attributes. */
    public static final String EXACT = "exact";
    /** The name of the semantic cache in events and attributes. */
    public static final String SEMANTIC = "semantic";
    /** How many nearest stored questions a semantic lookup considers. */
    static final int CANDIDATES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final ChatModel delegate;
    private final CacheStore<CachedAnswer> store;
    private final SemanticIndex index;
    private final @Nullable EmbeddingModel embedder;
    private final double threshold;
    private final Duration ttl;
    private final String modelVersion;
    private final boolean cacheSampled;
    private final boolean cacheToolCalls;
    private final Scheduler scheduler;
    private final Lookup.Keys keys;
    private final Finder finder;
    private final ConcurrentHashMap<String, CompletableFuture<@Nullable ChatResponse>> inFlight =
            new ConcurrentHashMap<>();
    private final @Nullable CacheSync sync;

    private ResponseCache(Builder b) {
        delegate = b.delegate;
        scheduler = b.scheduler;
        index = new SemanticIndex(b.semanticRefresh, scheduler::nanoTime);
        if (b.store != null) {
            store = b.store;
        } else {
            CaffeineCacheStore.Builder<CachedAnswer> s = CaffeineCacheStore.<CachedAnswer>builder()
                    .scheduler(scheduler).onEviction((key, value) -> forget(key));
            if (b.maxWeightBytes > 0) {
                s.maximumWeight(b.maxWeightBytes, CachedAnswer::weight);
            } else {
                s.maximumSize(b.maxEntries);
            }
            store = s.build();
        }
        embedder = b.embedder;
        threshold = b.threshold;
        ttl = b.ttl;
        modelVersion = b.modelVersion;
        cacheSampled = b.cacheSampled;
        cacheToolCalls = b.cacheToolCalls;
        finder = new Finder(store, index, embedder, threshold, b.nearMissMargin, b.verifier,
                ChatModelListener.safe(b.listener));
        keys = new Lookup.Keys(delegate.info().provider() + "/" + delegate.info().model(), modelVersion,
                embedder != null, cacheSampled);
        sync = b.feed == null ? null : new CacheSync(b.feed, store, index, modelVersion, ttl, scheduler);
    }

    /** Starts a builder caching the answers of {@code delegate}. */
    public static Builder builder(ChatModel delegate) {
        return new Builder(delegate);
    }

    /** An exact cache of up to 10,000 answers for an hour, in front of {@code delegate}. */
    public static ResponseCache exact(ChatModel delegate) {
        return builder(delegate).build();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        Lookup l = keys.prepare(request);
        if (l == null) {
            return delegate.chat(request);
        }
        if (l.readable) {
            ChatResponse hit = finder.find(l, request);
            if (hit != null) {
                return hit;
            }
        }
        boolean followed = false;
        while (true) {
            CompletableFuture<@Nullable ChatResponse> mine = new CompletableFuture<>();
            CompletableFuture<@Nullable ChatResponse> leader = followed ? null : inFlight.putIfAbsent(l.key, mine);
            if (leader != null) {
                ChatResponse shared = await(leader, request);
                if (shared != null) {
                    return finder.hit(request, shared, EXACT, 1.0);
                }
                followed = true; // the call it waited for failed: make our own, without waiting again
                continue;
            }
            try {
                ChatResponse again = l.readable && !followed ? finder.exactHit(l, request) : null;
                if (again != null) {
                    mine.complete(null);
                    return again;
                }
                ChatResponse r = delegate.chat(request);
                mine.complete(store(l, request, r) ? r : null);
                return r;
            } catch (RuntimeException e) {
                mine.complete(null);
                throw e;
            } finally {
                if (!followed) {
                    inFlight.remove(l.key, mine);
                }
            }
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        Lookup l = keys.prepare(request);
        if (l == null) {
            return CacheStreams.through(delegate, request, handler);
        }
        if (l.readable) {
            ChatResponse hit = finder.find(l, request);
            if (hit != null) {
                return CacheStreams.replay(hit, handler);
            }
        }
        CompletableFuture<@Nullable ChatResponse> mine = new CompletableFuture<>();
        CompletableFuture<@Nullable ChatResponse> leader = inFlight.putIfAbsent(l.key, mine);
        if (leader != null) {
            return CacheStreams.follow(this, leader, request, handler);
        }
        ChatResponse again = l.readable ? finder.exactHit(l, request) : null;
        if (again != null) {
            inFlight.remove(l.key, mine);
            mine.complete(null);
            return CacheStreams.replay(again, handler);
        }
        return CacheStreams.lead(this, l, mine, request, handler);
    }

    /** The answer of the call {@code leader} waits for, or null when it failed or may not be shared. */
    private @Nullable ChatResponse await(CompletableFuture<@Nullable ChatResponse> leader, ChatRequest request) {
        try {
            long deadline = request.deadlineMillis();
            if (deadline == ChatRequest.NO_DEADLINE) {
                return leader.get();
            }
            long left = deadline - scheduler.currentTimeMillis();
            return leader.get(Math.max(0, left), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LlmTimeoutException("The call's deadline passed while it waited for an identical call in flight"
                    + " to the model (single flight); give it a later deadline.", null, ErrorInfo.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("Interrupted while waiting for an identical call in flight", e, false,
                    ErrorInfo.NONE);
        } catch (ExecutionException e) {
            return null; // not reached: leaders complete normally, with null for a failure
        }
    }

    // ---- store ----------------------------------------------------------------------------------------------------

    /** Stores {@code response} when it may be; returns whether it may be shared with identical calls. */
    boolean store(Lookup l, ChatRequest request, ChatResponse response) {
        if (!storable(response)) {
            return false;
        }
        Set<String> sources = new LinkedHashSet<>();
        split(request.attributes().get(ATTR_SOURCES), sources);
        split(response.attribute(ATTR_SOURCES).orElse(null), sources);
        CachedAnswer entry = CachedAnswer.of(response, l.question, scheduler.now(), l.tenant, request.tags(), sources,
                modelVersion);
        try {
            // the index first: a store that evicts the new entry at once tells the index after, not before
            List<String[]> fields = indexFields(entry);
            String partition = l.semantic() ? l.partition() : "-";
            float @Nullable [] vector = l.semantic() ? l.vector(embedder) : null;
            index.put(l.key, partition, vector, fields);
            store.put(l.key, entry, ttl);
            if (sync != null) {
                sync.stored(l.key, partition, vector, entry);
            }
        } catch (RuntimeException e) {
            LOG.warn("The cache could not store an answer; the caller still gets it", e);
        }
        return true;
    }

    /** The fields an entry is found by for invalidation. */
    static List<String[]> indexFields(CachedAnswer entry) {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"tenant", entry.tenant()});
        fields.add(new String[] {"version", entry.modelVersion()});
        entry.tags().forEach(t -> fields.add(new String[] {"tag", t}));
        entry.sources().forEach(s -> fields.add(new String[] {"source", s}));
        return fields;
    }

    private boolean storable(ChatResponse r) {
        if (r.attribute(ATTR_NO_STORE).isPresent() || r.attribute(ChatResponse.ATTR_CACHE).isPresent()) {
            return false;
        }
        if (r.finishReason() == FinishReason.STOP) {
            return !r.text().isBlank() && !r.message().hasToolCalls();
        }
        return cacheToolCalls && r.finishReason() == FinishReason.TOOL_CALLS && r.message().hasToolCalls();
    }

    private static void split(@Nullable String ids, Set<String> into) {
        if (ids != null) {
            Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(into::add);
        }
    }

    // ---- invalidation -----------------------------------------------------------------------------------------------

    /** Drops the answer stored for exactly {@code request}; returns whether there was one. */
    public boolean invalidate(ChatRequest request) {
        Lookup l = keys.prepare(request.toBuilder().attribute(ATTR_CACHE_CONTROL, CONTROL_REFRESH).build());
        if (l == null) {
            return false;
        }
        boolean removed = store.remove(l.key);
        index.remove(List.of(l.key));
        published(List.of(l.key));
        return removed;
    }

    /** Drops every answer stored for {@code tenant}; returns how many. */
    public int invalidateTenant(String tenant) {
        return drop(index.keys("tenant", tenant));
    }

    /** Drops every answer stored for a request with {@code tag}; returns how many. */
    public int invalidateTag(String tag) {
        return drop(index.keys("tag", tag));
    }

    /** Drops every answer built from the document or chunk {@code source} (see {@link #ATTR_SOURCES}). */
    public int invalidateSource(String source) {
        return drop(index.keys("source", source));
    }

    /** Drops every answer stored under model version {@code version} (empty for answers stored without one). */
    public int invalidateModelVersion(String version) {
        return drop(index.keys("version", version));
    }

    /**
     * The ids of the documents or chunks the stored answers were built from (see {@link #ATTR_SOURCES}): check them
     * against your documents and {@link #invalidateSource} those that changed.
     */
    public Set<String> sources() {
        return index.values("source");
    }

    /** Drops every answer. */
    public int invalidateAll() {
        return drop(index.allKeys());
    }

    private int drop(List<String> keys) {
        int n = 0;
        for (String k : keys) {
            if (store.remove(k)) {
                n++;
            }
        }
        index.remove(keys);
        published(keys);
        return n;
    }

    /** Tells the other instances that {@code keys} were dropped. */
    private void published(List<String> keys) {
        if (sync != null) {
            sync.dropped(keys);
        }
    }

    private void forget(String key) {
        try {
            index.remove(List.of(key));
        } catch (RuntimeException e) {
            LOG.warn("The semantic index could not drop an evicted entry", e);
        }
    }

    /**
     * Writes every live answer, with its question's embedding, to {@code file} as JSON lines, through a temporary
     * file moved into place (a crash leaves the old snapshot whole); returns how many. For a process that restarts
     * often, such as a command-line tool: {@link #loadFrom} at start, {@code saveTo} at exit.
     *
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public int saveTo(java.nio.file.Path file) {
        return Snapshots.save(file, index, store);
    }

    /**
     * Adds the answers saved in {@code file} that are still within this cache's time to live and of its model
     * version (the others are dropped); a missing file adds none. Malformed lines are skipped with a warning.
     *
     * @throws IllegalArgumentException when the file is not a cache snapshot
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public int loadFrom(java.nio.file.Path file) {
        return Snapshots.load(file, scheduler.now(), ttl, modelVersion, index, store);
    }

    /** The number of answers the index knows of (the store may have dropped some of them already). */
    public int size() {
        return index.size();
    }

    /**
     * Merges the semantic index into one segment (blocking; seconds for 100,000 entries): after loading many answers
     * at once, lookups search one graph instead of many.
     */
    public void compact() {
        index.compact();
    }

    /** Bytes the index holds in memory (vectors, graph, fields), not counting the answers in the store. */
    public long indexBytes() {
        return index.bytes();
    }

    ChatModel delegate() {
        return delegate;
    }

    /** {@code stored} as the answer to {@code request}, shared by an identical call; reports the hit. */
    ChatResponse hit(ChatRequest request, ChatResponse stored, String cache, double similarity) {
        return finder.hit(request, stored, cache, similarity);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    void done(String key, CompletableFuture<@Nullable ChatResponse> mine, @Nullable ChatResponse shared) {
        inFlight.remove(key, mine);
        mine.complete(shared);
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    /** Stops listening to the {@link Builder#sync feed} and frees the index. The store, when given, is the caller's. */
    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
        index.close();
    }

    @Override
    public String toString() {
        return "ResponseCache[" + (embedder == null ? "exact" : "exact+semantic@" + threshold) + ", " + delegate + "]";
    }

    /** Builds a {@link ResponseCache}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel delegate;
        private @Nullable CacheStore<CachedAnswer> store;
        private @Nullable ChangeFeed feed;
        private long maxEntries = 10_000;
        private long maxWeightBytes;
        private @Nullable EmbeddingModel embedder;
        private double threshold = 0.85;
        private double nearMissMargin = 0.05;
        private HitVerifier verifier = HitVerifier.lexical();
        private Duration ttl = Duration.ofHours(1);
        private String modelVersion = "";
        private boolean cacheSampled;
        private boolean cacheToolCalls;
        private ChatModelListener listener = ChatModelListener.NONE;
        private Scheduler scheduler = Scheduler.system();
        private Duration semanticRefresh = Duration.ofSeconds(1);

        private Builder(ChatModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * Adds the semantic cache: the last user turn is embedded with {@code embedder} and a stored question at
         * least {@code threshold} similar (cosine, 0 to 1) is a candidate hit, checked by the {@link #verifier}.
         * With bge-small-en-v1.5 and the lexical verifier, 0.85 (the default) hit 73 % of the paraphrases in a test
         * set written apart from the verifier, at 97 % precision; a higher threshold lowered the hit rate without
         * raising the precision (see {@code docs/benchmarks.md}). Where a wrong answer is costly, add a
         * {@link ModelVerifier} or use the exact cache alone.
         */
        public Builder semantic(EmbeddingModel embedder, double threshold) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            if (!(threshold > 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], not " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /**
         * How soon a stored answer can be found by a semantic lookup: the index is refreshed at most this often (each
         * refresh writes a segment, and many segments slow lookups), like a search engine's refresh interval; default
         * one second, zero for every lookup after a write. Exact hits and invalidations never wait.
         */
        public Builder semanticRefresh(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("semanticRefresh must not be negative, not " + interval);
            }
            this.semanticRefresh = interval;
            return this;
        }

        /** Checks semantic candidates; default {@link HitVerifier#lexical()}. */
        public Builder verifier(HitVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** How far below the threshold a candidate still counts as a near miss in events; default 0.05. */
        public Builder nearMissMargin(double margin) {
            if (!(margin >= 0.0 && margin < 1.0)) {
                throw new IllegalArgumentException("nearMissMargin must be in [0, 1), not " + margin);
            }
            this.nearMissMargin = margin;
            return this;
        }

        /** How long an answer is kept; default one hour. */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be positive, not " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** At most this many answers in the built-in store (default 10,000); replaces {@link #maxWeightBytes}. */
        public Builder maxEntries(long maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
            }
            this.maxEntries = maxEntries;
            this.maxWeightBytes = 0;
            return this;
        }

        /** At most about this many bytes of answers in the built-in store; replaces {@link #maxEntries}. */
        public Builder maxWeightBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxWeightBytes must be at least 1, not " + bytes);
            }
            this.maxWeightBytes = bytes;
            return this;
        }

        /** Keeps answers in {@code store} instead of the built-in in-memory one (limits are then the store's). */
        public Builder store(CacheStore<CachedAnswer> store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Part of every key: change it when the model behind the same name changes (a new fine-tune, a new prompt
         * template) and the old answers are no longer wanted; {@link ResponseCache#invalidateModelVersion} drops them.
         */
        public Builder modelVersion(String modelVersion) {
            this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
            return this;
        }

        /** Also caches calls with a temperature above zero; off by default (sampling asks for varied answers). */
        public Builder cacheSampled(boolean cacheSampled) {
            this.cacheSampled = cacheSampled;
            return this;
        }

        /** Also caches answers that call tools; off by default (a tool call usually acts on fresh state). */
        public Builder cacheToolCalls(boolean cacheToolCalls) {
            this.cacheToolCalls = cacheToolCalls;
            return this;
        }

        /**
         * Keeps this cache in step with the other instances' through {@code feed} (e.g. a Redis stream from
         * llmkit-redis): each answer stored here is published with its question's embedding, so the others' semantic
         * indexes find it without embedding it again, and each invalidation is published too. Pair it with a shared
         * {@link #store}; with a local store each instance also keeps a copy of the answers it hears of.
         */
        public Builder sync(ChangeFeed feed) {
            this.feed = Objects.requireNonNull(feed, "feed");
            return this;
        }

        /** Receives hit and miss events. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for time to live and storage times; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Builds the cache. */
        public ResponseCache build() {
            return new ResponseCache(this);
        }
    }
}
