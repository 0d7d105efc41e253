package dev.llmkit.routing.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.RateLimitState;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each strategy's distribution, on fake models and a fake clock. */
class StrategiesTest {
    private final ManualScheduler time = new ManualScheduler();

    private FakeChatModel fake(String name) {
        return FakeChatModel.builder().name(name).scheduler(time).build();
    }

    private FakeChatModel slow(String name, Duration latency) {
        return FakeChatModel.builder().name(name).latency(latency).scheduler(time).build();
    }

    private Map<String, Integer> send(ChatModel pool, int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            ChatResponse r = pool.chat(ChatRequest.of("hello " + i));
            counts.merge(r.attribute(DeploymentPool.ATTR_DEPLOYMENT).orElseThrow(), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertWithinFourSigma(int observed, int n, double p) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) observed).isBetween(n * p - 4 * sigma, n * p + 4 * sigma);
    }

    @Test
    void weightedRandomSendsTrafficInProportionToWeight() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.weightedRandom(42))
                .deployment(Deployment.builder("a", fake("a")).weight(1).build())
                .deployment(Deployment.builder("b", fake("b")).weight(2).build())
                .deployment(Deployment.builder("c", fake("c")).weight(7).build())
                .build();

        Map<String, Integer> counts = send(pool, 10_000);

        assertWithinFourSigma(counts.get("a"), 10_000, 0.1);
        assertWithinFourSigma(counts.get("b"), 10_000, 0.2);
        assertWithinFourSigma(counts.get("c"), 10_000, 0.7);
    }

    @Test
    void roundRobinGivesEachDeploymentItsTurn() {
        DeploymentPool pool = DeploymentPool.of("chat", Strategies.roundRobin(),
                Deployment.of("a", fake("a")), Deployment.of("b", fake("b")), Deployment.of("c", fake("c")));

        Map<String, Integer> counts = send(pool, 9_000);

        assertThat(counts).containsEntry("a", 3_000).containsEntry("b", 3_000).containsEntry("c", 3_000);
    }

    @Test
    void leastInFlightSpreadsConcurrentStreamsEvenlyAndTheCountsReturnToZero() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.leastInFlight())
                .deployment("a", slow("a", Duration.ofSeconds(1)))
                .deployment("b", slow("b", Duration.ofSeconds(1)))
                .deployment("c", slow("c", Duration.ofSeconds(1)))
                .build();
        List<java.util.concurrent.CompletableFuture<ChatResponse>> answers = new java.util.ArrayList<>();

        for (int i = 0; i < 30; i++) {
            answers.add(pool.chatAsync(ChatRequest.of("hi")));
        }
        Map<String, Integer> inFlight = new HashMap<>();
        pool.deployments().forEach(d -> inFlight.put(d.deployment().name(), d.inFlight()));
        time.advance(Duration.ofSeconds(1));

        assertThat(inFlight).containsEntry("a", 10).containsEntry("b", 10).containsEntry("c", 10);
        assertThat(answers).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(pool.deployments()).allSatisfy(d -> assertThat(d.inFlight()).isZero());
    }

    @Test
    void leastInFlightAvoidsADeploymentThatIsStillBusy() {
        FakeChatModel busy = FakeChatModel.builder().name("busy").hang().scheduler(time).build();
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.leastInFlight())
                .deployment("busy", busy).deployment("free", fake("free")).build();
        StreamHandle hanging = pool.stream(ChatRequest.of("first"), new Ignore());

        Map<String, Integer> counts = send(pool, 100);

        assertThat(counts).containsEntry("free", 100).doesNotContainKey("busy");
        hanging.cancel();
        assertThat(pool.deployments()).allSatisfy(d -> assertThat(d.inFlight()).isZero());
    }

    @Test
    void lowestLatencySendsNearlyEverythingToTheFastestDeploymentOnceMeasured() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.lowestLatency())
                .deployment("fast", slow("fast", Duration.ofMillis(100)))
                .deployment("medium", slow("medium", Duration.ofMillis(300)))
                .deployment("slow", slow("slow", Duration.ofMillis(900)))
                .build();

        Map<String, Integer> counts = send(pool, 1_000);

        assertThat(counts.get("fast")).isGreaterThanOrEqualTo(990);
        assertThat(pool.deployment("slow").orElseThrow().latency(false)).contains(Duration.ofMillis(900));
    }

    @Test
    void lowestLatencyUsesTimeToFirstTokenForStreams() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.lowestLatency())
                .deployment("quick-start", FakeChatModel.builder().latency(Duration.ofMillis(50))
                        .tokenInterval(Duration.ofMillis(500)).scheduler(time).build())
                .deployment("slow-start", FakeChatModel.builder().latency(Duration.ofMillis(400))
                        .tokenInterval(Duration.ofMillis(1)).scheduler(time).build())
                .build();
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < 200; i++) {
            var f = pool.chatAsync(ChatRequest.of("one two three four"));
            time.advance(Duration.ofSeconds(5));
            counts.merge(f.join().attribute(DeploymentPool.ATTR_DEPLOYMENT).orElseThrow(), 1, Integer::sum);
        }

        assertThat(counts.get("quick-start")).isGreaterThanOrEqualTo(195);
        assertThat(pool.deployment("quick-start").orElseThrow().latency(true)).contains(Duration.ofMillis(50));
    }

    @Test
    void usageBasedSplitsTrafficInProportionToTheLimitsLeft() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.usageBased())
                .deployment(Deployment.builder("small", fake("small")).rpm(100).build())
                .deployment(Deployment.builder("large", fake("large")).rpm(300).build())
                .build();

        Map<String, Integer> counts = send(pool, 200);

        assertThat(counts.get("small")).isBetween(48, 52);
        assertThat(counts.get("large")).isBetween(148, 152);
    }

    @Test
    void usageBasedPrefersTheDeploymentWhoseOwnHeadersReportMoreLeft() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.usageBased())
                .deployment("nearly-out", new Reporting(fake("x"), 40, 1_000))
                .deployment("plenty", new Reporting(fake("y"), 900, 1_000))
                .build();

        Map<String, Integer> counts = send(pool, 100);

        // after one call each, 'plenty' reports 90 % left against 4 %: it takes every later call
        assertThat(counts).containsEntry("nearly-out", 1).containsEntry("plenty", 99);
    }

    @Test
    void lowestCostSendsEverythingToTheCheapestDeployment() {
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.lowestCost())
                .deployment(priced("premium", "5.00", "15.00"))
                .deployment(priced("budget", "0.15", "0.60"))
                .deployment(Deployment.of("unpriced", fake("unpriced")))
                .build();

        Map<String, Integer> counts = send(pool, 500);

        assertThat(counts).containsOnlyKeys("budget").containsEntry("budget", 500);
    }

    private Deployment priced(String name, String in, String out) {
        return Deployment.builder(name, fake(name))
                .info(ModelInfo.of("fake", name).withPrices(new BigDecimal(in), new BigDecimal(out))).build();
    }

    /** A model whose answers carry rate-limit headers reporting {@code remaining} of {@code limit} requests. */
    private static final class Reporting implements ChatModel {
        private final ChatModel delegate;
        private final long remaining;
        private final long limit;

        Reporting(ChatModel delegate, long remaining, long limit) {
            this.delegate = delegate;
            this.remaining = remaining;
            this.limit = limit;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            return delegate.chat(request).toBuilder().rateLimit(RateLimitState.builder().remainingRequests(remaining)
                    .limitRequests(limit).resetRequests(Duration.ofMinutes(1)).build()).build();
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            return delegate.stream(request, handler);
        }
    }

    /** Ignores a stream's callbacks. */
    static final class Ignore implements StreamHandler {
        @Override
        public void onToken(String token) {
        }

        @Override
        public void onComplete(ChatResponse response) {
        }

        @Override
        public void onError(LlmException error) {
        }
    }
}
