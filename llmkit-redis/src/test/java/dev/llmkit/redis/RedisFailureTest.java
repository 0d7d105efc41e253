package dev.llmkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import dev.llmkit.api.store.BudgetWindow;
import dev.llmkit.api.store.TokenBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis failing under the stores, against real redis-server processes the tests start, kill and restart. */
class RedisFailureTest {
    private static final List<TokenBucket> TEN_PER_HOUR = List.of(new TokenBucket(10, Duration.ofHours(1)));

    @Test
    void aRedisOutageFallsBackToLocalStateWithoutFailingAndSharingResumesAfter() throws Exception {
        try (RedisServer own = RedisServer.start()) {
            List<RedisStatusEvent> events = new CopyOnWriteArrayList<>();
            try (RedisStores s = RedisStores.builder(own.uri()).retryDelay(Duration.ofMillis(100))
                    .timeout(Duration.ofMillis(200)).listener(events::add).build();
                    RedisStores other = RedisStores.builder(own.uri()).build()) {
                assertThat(s.budgets().tryAdd("t", BudgetWindow.DAY, 100, 1000).accepted()).isTrue();
                io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                RedisMetrics.bind(s, meters);
                assertThat(meters.get("llmkit.redis.up").gauge().value()).isEqualTo(1);

                own.kill();
                long t0 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    assertThat(s.budgets().tryAdd("t", BudgetWindow.DAY, 100, 1000).accepted()).isTrue();
                    assertThat(s.rateLimits().tryAcquire("r", TEN_PER_HOUR, new double[] {1}, Duration.ZERO)
                            .granted()).isTrue();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no call waits on a dead Redis")
                        .isLessThan(Duration.ofSeconds(3));
                assertThat(s.available()).isFalse();
                assertThat(s.localCalls()).isGreaterThanOrEqualTo(10);
                assertThat(s.budgets().spent("t", BudgetWindow.DAY)).as("counted on from the last spend seen")
                        .isEqualTo(600);
                assertThat(events).extracting(RedisStatusEvent::up).containsExactly(false);
                assertThat(meters.get("llmkit.redis.up").gauge().value()).isZero();
                assertThat(meters.get("llmkit.redis.local_calls").functionCounter().count()).isGreaterThanOrEqualTo(10);

                own.restart();
                Thread.sleep(250); // past the retry delay
                assertThat(s.budgets().tryAdd("t", BudgetWindow.DAY, 1, 1000).accepted()).isTrue();
                assertThat(s.available()).isTrue();
                assertThat(events).extracting(RedisStatusEvent::up).containsExactly(false, true);
                assertThat(other.budgets().spent("t", BudgetWindow.DAY))
                        .as("what was spent during the outage reached the (empty, restarted) Redis").isEqualTo(501);
                assertThat(s.outages()).isEqualTo(1);
                assertThat(meters.get("llmkit.redis.up").gauge().value()).isEqualTo(1);
                assertThat(meters.get("llmkit.redis.outages").functionCounter().count()).isEqualTo(1);
            }
        }
    }

    @Test
    void aRedisOutOfMemoryIsAnOutageNotAFailedCallAndItsEndIsFound() throws Exception {
        try (RedisServer own = RedisServer.start();
                RedisStores s = RedisStores.builder(own.uri()).retryDelay(Duration.ofMillis(50)).build();
                redis.clients.jedis.RedisClient admin = redis.clients.jedis.RedisClient.create(
                        java.net.URI.create(own.uri()))) {
            assertThat(s.budgets().tryAdd("m", BudgetWindow.DAY, 10, 100).accepted()).isTrue();
            admin.configSet("maxmemory", "1");
            admin.configSet("maxmemory-policy", "noeviction");

            assertThat(s.budgets().tryAdd("m", BudgetWindow.DAY, 10, 100).accepted()).isTrue();
            assertThat(s.available()).isFalse();

            admin.configSet("maxmemory", "0");
            Thread.sleep(120);
            assertThat(s.budgets().tryAdd("m", BudgetWindow.DAY, 10, 100).accepted()).isTrue();
            assertThat(s.available()).isTrue();
            assertThat(admin.get("llmkit:budget:m:86400000:" + BudgetWindow.DAY.index(java.time.Instant.now())))
                    .as("the spend made while Redis refused writes was pushed").isEqualTo("30");
        }
    }

    @Test
    void aCacheEntryRemovedWhileRedisIsAwayIsRemovedFromRedisWhenItReturns() throws Exception {
        try (RedisServer own = RedisServer.start();
                RedisStores s = RedisStores.builder(own.uri()).retryDelay(Duration.ofMillis(50)).build();
                redis.clients.jedis.RedisClient admin = redis.clients.jedis.RedisClient.create(
                        java.net.URI.create(own.uri()))) {
            RedisCacheStore<String> cache = s.cache("answers", RedisCacheStore.Codec.strings());
            cache.put("k", "stale answer", Duration.ofMinutes(5));
            admin.configSet("maxmemory", "1");
            admin.configSet("maxmemory-policy", "noeviction");
            // a write Redis refuses takes it for down; the removal that follows waits
            cache.put("other", "x", Duration.ofMinutes(5));
            assertThat(s.available()).isFalse();
            cache.remove("k");
            assertThat(admin.get("llmkit:cache:answers:k")).as("still in Redis while it refuses writes").isNotNull();

            admin.configSet("maxmemory", "0");
            Thread.sleep(120);
            cache.get("probe");

            assertThat(s.available()).isTrue();
            assertThat(admin.get("llmkit:cache:answers:k")).as("removed when Redis came back").isNull();
        }
    }

    /** Two vectors: questions about passwords, and everything else. */
    static final class TopicEmbedder implements dev.llmkit.api.EmbeddingModel {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public List<float[]> embedAll(List<String> in) {
            texts.addAndGet(in.size());
            List<float[]> out = new ArrayList<>();
            for (String t : in) {
                out.add(t.toLowerCase(java.util.Locale.ROOT).contains("password") ? new float[] {1, 0}
                        : new float[] {0, 1});
            }
            return out;
        }

        @Override
        public int dimension() {
            return 2;
        }
    }

    @Test
    void semanticCachesOfTwoInstancesStayInStepThroughAStreamAlsoAcrossAnOutage() throws Exception {
        try (RedisServer own = RedisServer.start();
                RedisStores a = RedisStores.builder(own.uri()).retryDelay(Duration.ofMillis(100)).build();
                RedisStores b = RedisStores.builder(own.uri()).retryDelay(Duration.ofMillis(100)).build()) {
            RedisCacheStore.Codec<dev.llmkit.cache.CachedAnswer> codec = RedisCacheStore.Codec.of(
                    dev.llmkit.cache.CachedAnswer::toJson, dev.llmkit.cache.CachedAnswer::fromJson);
            TopicEmbedder embedder = new TopicEmbedder();
            dev.llmkit.testing.FakeChatModel modelA = dev.llmkit.testing.FakeChatModel.builder()
                    .otherwise(r -> "A: " + r.lastUserText()).build();
            dev.llmkit.testing.FakeChatModel modelB = dev.llmkit.testing.FakeChatModel.builder()
                    .otherwise(r -> "B: " + r.lastUserText()).build();
            try (dev.llmkit.cache.ResponseCache cacheA = dev.llmkit.cache.ResponseCache.builder(modelA)
                    .semantic(embedder, 0.9).semanticRefresh(Duration.ZERO).verifier(dev.llmkit.cache.HitVerifier.none())
                    .store(a.cache("answers", codec)).sync(a.changes("answers")).build();
                    dev.llmkit.cache.ResponseCache cacheB = dev.llmkit.cache.ResponseCache.builder(modelB)
                            .semantic(embedder, 0.9).semanticRefresh(Duration.ZERO)
                            .verifier(dev.llmkit.cache.HitVerifier.none())
                            .store(b.cache("answers", codec)).sync(b.changes("answers")).build()) {
                cacheA.chat(dev.llmkit.api.ChatRequest.of("How do I reset my password?"));
                awaitSize(cacheB, 1);

                assertThat(cacheB.chat(dev.llmkit.api.ChatRequest.of("Forgot my password, what now?")).text())
                        .isEqualTo("A: How do I reset my password?");
                assertThat(modelB.callCount()).isZero();

                own.kill();
                cacheA.chat(dev.llmkit.api.ChatRequest.of("Where is my parcel?")); // published while Redis is away
                own.restart();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                for (int i = 0; !a.available() && System.nanoTime() < deadline; i++) {
                    Thread.sleep(50);
                    cacheA.chat(dev.llmkit.api.ChatRequest.of("Do you ship abroad? " + i)); // probes, once due
                }
                assertThat(a.available()).isTrue();

                awaitSize(cacheB, 2); // the answer stored while Redis was away reached B after it returned
                assertThat(cacheB.chat(dev.llmkit.api.ChatRequest.of("Parcel location please")).text())
                        .startsWith("A: ");
            }
        }
    }

    private static void awaitSize(dev.llmkit.cache.ResponseCache cache, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cache.size()).isGreaterThanOrEqualTo(size);
    }
}
