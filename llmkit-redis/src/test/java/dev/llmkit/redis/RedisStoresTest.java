package dev.llmkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.store.Acquisition;
import dev.llmkit.api.store.BudgetCheck;
import dev.llmkit.api.store.BudgetWindow;
import dev.llmkit.api.store.CircuitRecord;
import dev.llmkit.api.store.TokenBucket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real redis-server started by the test. */
class RedisStoresTest {
    private static RedisServer server;
    private static final List<TokenBucket> TEN_PER_HOUR = List.of(new TokenBucket(10, Duration.ofHours(1)));

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static RedisStores stores(String prefix) {
        return RedisStores.builder(server.uri()).prefix(prefix).retryDelay(Duration.ofMillis(100)).build();
    }

    @Test
    void aSharedBucketGrantsItsCapacityOnceAcrossInstancesThenSaysWhenToRetry() {
        try (RedisStores a = stores("t1:"); RedisStores b = stores("t1:")) {
            int granted = 0;
            for (int i = 0; i < 12; i++) {
                RedisStores s = i % 2 == 0 ? a : b;
                if (s.rateLimits().tryAcquire("gpt", TEN_PER_HOUR, new double[] {1}, Duration.ZERO).granted()) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(10);
            Acquisition refused = a.rateLimits().tryAcquire("gpt", TEN_PER_HOUR, new double[] {1}, Duration.ZERO);
            assertThat(refused.granted()).isFalse();
            assertThat(refused.waitTime()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
            b.rateLimits().adjust("gpt", TEN_PER_HOUR, new double[] {3});
            assertThat(a.rateLimits().available("gpt", TEN_PER_HOUR)[0]).isCloseTo(3, org.assertj.core.data.Offset
                    .offset(0.05));
            assertThat(a.localCalls()).isZero();
        }
    }

    @Test
    void twoResilientStacksOnOneRedisShareOneRequestsPerMinuteLimit() {
        try (RedisStores a = stores("t7:"); RedisStores b = stores("t7:")) {
            dev.llmkit.api.ChatModel one = dev.llmkit.resilience.Resilient.builder().retry(null)
                    .rateLimit(5, 1_000_000, Duration.ZERO).stores(a.rateLimits(), a.circuits())
                    .build(dev.llmkit.testing.FakeChatModel.echo());
            dev.llmkit.api.ChatModel two = dev.llmkit.resilience.Resilient.builder().retry(null)
                    .rateLimit(5, 1_000_000, Duration.ZERO).stores(b.rateLimits(), b.circuits())
                    .build(dev.llmkit.testing.FakeChatModel.echo());
            int answered = 0;
            int refused = 0;
            for (int i = 0; i < 8; i++) {
                try {
                    (i % 2 == 0 ? one : two).chat(dev.llmkit.api.ChatRequest.of("hi " + i));
                    answered++;
                } catch (dev.llmkit.api.error.RequestRateLimitedException e) {
                    refused++;
                }
            }
            assertThat(answered).isEqualTo(5);
            assertThat(refused).isEqualTo(3);
        }
    }

    /** What kills an instance mid-run in the test: an Error the agent does not handle. */
    static final class InstanceDied extends Error {
        InstanceDied() {
            super("the instance died");
        }
    }

    @Test
    void anAgentRunCheckpointedOnOneInstanceResumesOnAnother() {
        try (RedisStores a = stores("t8:"); RedisStores b = stores("t8:")) {
            dev.llmkit.agent.RunStore onA = dev.llmkit.agent.RunStore.on(a.cache("agent-runs",
                    RedisCacheStore.Codec.strings()), Duration.ofDays(7));
            dev.llmkit.agent.RunStore onB = dev.llmkit.agent.RunStore.on(b.cache("agent-runs",
                    RedisCacheStore.Codec.strings()), Duration.ofDays(7));
            AtomicInteger executions = new AtomicInteger();
            dev.llmkit.api.Tool order = new dev.llmkit.api.Tool() {
                @Override
                public dev.llmkit.api.ToolSpec spec() {
                    return dev.llmkit.api.ToolSpec.noParameters("order", "Orders tea");
                }

                @Override
                public dev.llmkit.api.ToolResult execute(dev.llmkit.api.ToolCall call,
                        dev.llmkit.api.ToolContext context) {
                    executions.incrementAndGet();
                    return dev.llmkit.api.ToolResult.of("ordered");
                }
            };
            dev.llmkit.testing.FakeChatModel asksForTheTool = dev.llmkit.testing.FakeChatModel.builder()
                    .then(dev.llmkit.testing.FakeChatModel.Step.toolCalls(
                            new dev.llmkit.api.ToolCall("c1", "order", "{}"))).build();
            AtomicInteger calls = new AtomicInteger();
            dev.llmkit.api.ChatModel diesOnItsSecondCall = new dev.llmkit.api.ChatModel() {
                @Override
                public dev.llmkit.api.ChatResponse chat(dev.llmkit.api.ChatRequest request) {
                    if (calls.incrementAndGet() > 1) {
                        throw new InstanceDied();
                    }
                    return asksForTheTool.chat(request);
                }

                @Override
                public dev.llmkit.api.StreamHandle stream(dev.llmkit.api.ChatRequest request,
                        dev.llmkit.api.StreamHandler handler) {
                    return asksForTheTool.stream(request, handler);
                }
            };
            try (dev.llmkit.agent.Agent first = dev.llmkit.agent.Agent.builder(diesOnItsSecondCall).tool(order)
                    .runStore(onA).build()) {
                assertThatThrownBy(() -> first.run("run-7", "Order tea")).isInstanceOf(InstanceDied.class);
            }

            dev.llmkit.agent.AgentResult resumed;
            try (dev.llmkit.agent.Agent second = dev.llmkit.agent.Agent.builder(
                    dev.llmkit.testing.FakeChatModel.always("Tea is ordered.")).tool(order).runStore(onB).build()) {
                resumed = second.resume("run-7");
            }

            assertThat(resumed.completed()).isTrue();
            assertThat(resumed.answer()).contains("Tea is ordered.");
            assertThat(executions).as("the checkpointed tool call is not run again").hasValue(1);
        }
    }

    @Test
    void aDeploymentCoolingDownOnOneInstanceGetsNoTrafficFromAnother() {
        try (RedisStores a = stores("t9:"); RedisStores b = stores("t9:")) {
            dev.llmkit.testing.FakeChatModel aHere = dev.llmkit.testing.FakeChatModel.builder().name("a")
                    .fail(new dev.llmkit.api.error.RateLimitedException("429", null, dev.llmkit.api.error.ErrorInfo
                            .builder().statusCode(429).retryAfter(Duration.ofSeconds(30)).build())).build();
            dev.llmkit.testing.FakeChatModel aThere = dev.llmkit.testing.FakeChatModel.builder().name("a").build();
            dev.llmkit.routing.pool.DeploymentPool here = dev.llmkit.routing.pool.DeploymentPool.builder("chat")
                    .strategy(dev.llmkit.routing.pool.Strategies.roundRobin()).cooldowns(a.cooldowns())
                    .deployment("a", aHere).deployment("b", dev.llmkit.testing.FakeChatModel.always("b")).build();
            dev.llmkit.routing.pool.DeploymentPool there = dev.llmkit.routing.pool.DeploymentPool.builder("chat")
                    .strategy(dev.llmkit.routing.pool.Strategies.roundRobin()).cooldowns(b.cooldowns())
                    .deployment("a", aThere).deployment("b", dev.llmkit.testing.FakeChatModel.always("b")).build();

            here.chat(dev.llmkit.api.ChatRequest.of("hi")); // a answers 429 for 30 s, b answers
            for (int i = 0; i < 4; i++) {
                there.chat(dev.llmkit.api.ChatRequest.of("elsewhere"));
            }

            assertThat(aThere.callCount()).isZero();
            assertThat(b.cooldowns().coolingUntil("chat:a")).hasValueSatisfying(u -> assertThat(u)
                    .isBetween(java.time.Instant.now().plusSeconds(25), java.time.Instant.now().plusSeconds(31)));
        }
    }

    @Test
    void closingTheStoresStopsTheFeedReaders() throws Exception {
        try (RedisStores s = stores("t10:")) {
            s.changes("x").subscribe(m -> { });
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith(
                    "llmkit-redis-changes-t10:"));
        }
        Thread.sleep(50);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(
                "llmkit-redis-changes-t10:") && t.isAlive());
    }

    @Test
    void aRefusedCommandRunsLocallyWithoutFailingTheCallOrTakingRedisForDown() {
        try (RedisStores a = stores("t2:")) {
            a.rateLimits().tryAcquire("g", TEN_PER_HOUR, new double[] {1}, Duration.ZERO);
            List<TokenBucket> two = List.of(new TokenBucket(10, Duration.ofHours(1)),
                    new TokenBucket(1000, Duration.ofHours(1)));

            Acquisition local = a.rateLimits().tryAcquire("g", two, new double[] {1, 1}, Duration.ZERO);

            assertThat(local.granted()).as("decided on local state: the script refused a group of another shape")
                    .isTrue();
            assertThat(a.localCalls()).isEqualTo(1);
            assertThat(a.available()).as("an error reply is not an outage").isTrue();
        }
    }

    /** Runs {@code work} on 16 threads at once, alternating the two instances, and waits for all. */
    private static void onSixteenThreads(RedisStores a, RedisStores b,
            java.util.function.Consumer<RedisStores> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 16; t++) {
            RedisStores s = t % 2 == 0 ? a : b;
            pool.submit(() -> {
                go.await();
                work.accept(s);
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void manyThreadsNeverGetMoreThanTheSharedCapacity() throws Exception {
        List<TokenBucket> fifty = List.of(new TokenBucket(50, Duration.ofHours(1)));
        try (RedisStores a = stores("t3:"); RedisStores b = stores("t3:")) {
            AtomicInteger granted = new AtomicInteger();
            onSixteenThreads(a, b, s -> {
                for (int i = 0; i < 20; i++) {
                    if (s.rateLimits().tryAcquire("k", fifty, new double[] {1}, Duration.ZERO).granted()) {
                        granted.incrementAndGet();
                    }
                }
            });
            assertThat(granted.get()).isBetween(50, 51); // 320 tries; 50 per hour refills ~0.014 per second
        }
    }

    @Test
    void limiterClientsInSeparateJvmsNeverExceedTheSharedLimit() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> clients = new ArrayList<>();
        String key = "fleet-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            clients.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LimiterClient.class.getName(), server.uri(), key, "40", "60")
                    .redirectErrorStream(true).start());
        }
        int total = 0;
        for (Process p : clients) {
            String out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out = r.lines().filter(l -> l.startsWith("granted=")).findFirst().orElse("granted=-1");
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).endsWith("local=0");
            total += Integer.parseInt(out.substring("granted=".length(), out.indexOf(' ')));
        }
        assertThat(total).as("120 tries against 60 per hour across 3 JVMs").isBetween(60, 61);
    }

    @Test
    void budgetsUnderConcurrentReservationsNeverOverspend() throws Exception {
        try (RedisStores a = stores("t4:"); RedisStores b = stores("t4:")) {
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger overspent = new AtomicInteger();
            onSixteenThreads(a, b, s -> {
                for (int i = 0; i < 25; i++) {
                    BudgetCheck c = s.budgets().tryAdd("tenant:acme", BudgetWindow.DAY, 7, 1000);
                    if (c.accepted()) {
                        accepted.incrementAndGet();
                        if (c.spent() > 1000) {
                            overspent.incrementAndGet();
                        }
                        s.budgets().add("tenant:acme", BudgetWindow.DAY, -2); // settled lower than reserved
                    }
                }
            });
            assertThat(overspent).hasValue(0);
            long spent = a.budgets().spent("tenant:acme", BudgetWindow.DAY);
            assertThat(spent).isEqualTo(accepted.get() * 5L).isLessThanOrEqualTo(1000);
            assertThat(a.budgets().tryAdd("tenant:acme", BudgetWindow.DAY, 1001 - spent, 1000).accepted()).isFalse();
        }
    }

    @Test
    void circuitRecordsAreComparedAndSetAcrossInstances() {
        try (RedisStores a = stores("t5:"); RedisStores b = stores("t5:")) {
            CircuitRecord seen = new CircuitRecord();
            a.circuits().read("openai", seen);
            assertThat(seen.version()).isZero();
            CircuitRecord open = new CircuitRecord().copyFrom(seen).state(CircuitState.OPEN).openedAt(42)
                    .resizeCounters(3);
            open.counters()[1] = 7;
            assertThat(a.circuits().compareAndSet("openai", 0, open)).isTrue();
            assertThat(open.version()).isEqualTo(1);

            CircuitRecord stale = new CircuitRecord().state(CircuitState.CLOSED);
            assertThat(b.circuits().compareAndSet("openai", 0, stale)).isFalse();
            assertThat(stale.state()).as("the current record handed back").isEqualTo(CircuitState.OPEN);
            assertThat(stale.version()).isEqualTo(1);
            assertThat(stale.counters()).containsExactly(0, 7, 0);
            CircuitRecord read = new CircuitRecord();
            b.circuits().read("openai", read);
            assertThat(read).isEqualTo(open);
        }
    }

    @Test
    void cacheEntriesAreSharedAndExpire() throws Exception {
        try (RedisStores a = stores("t6:"); RedisStores b = stores("t6:")) {
            RedisCacheStore<String> ca = a.cache("answers", RedisCacheStore.Codec.strings());
            RedisCacheStore<String> cb = b.cache("answers", RedisCacheStore.Codec.strings());
            ca.put("h1", "Paris", Duration.ofMinutes(5));
            ca.put("h2", "brief", Duration.ofMillis(150));
            assertThat(cb.get("h1")).contains("Paris");
            Thread.sleep(300);
            assertThat(cb.get("h2")).isEmpty();
            assertThat(cb.remove("h1")).isTrue();
            assertThat(ca.get("h1")).isEmpty();
        }
    }

}
