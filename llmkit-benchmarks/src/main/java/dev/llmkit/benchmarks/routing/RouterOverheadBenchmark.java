package dev.llmkit.benchmarks.routing;

import dev.llmkit.api.ChatModel;
import dev.llmkit.benchmarks.ConstantModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.routing.pool.Deployment;
import dev.llmkit.routing.pool.DeploymentPool;
import dev.llmkit.routing.pool.Strategies;
import dev.llmkit.routing.router.Condition;
import dev.llmkit.routing.router.HeuristicClassifier;
import dev.llmkit.routing.router.Router;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a routing decision costs: a bare call to a zero-latency model next to the same call through a router with five
 * rules (tag, tenant, JSON output, tools, and the heuristic classifier, which reads the whole prompt), for a request
 * that falls through every rule to the default route (the worst case), and the same router whose default route is a
 * deployment pool of three (least in flight).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterOverheadBenchmark {
    private final ChatRequest request = ChatRequest.builder()
            .user("Could you tell me when the support team is available on weekends, and how to reach them?")
            .tenant("acme").build();
    private ChatModel direct;
    private ChatModel router;
    private ChatModel routerAndPool;

    @Setup
    public void setUp() {
        direct = new ConstantModel(ChatResponse.of("ok", "constant"));
        router = fiveRules(direct);
        ChatModel pool = DeploymentPool.builder("default")
                .deployment(Deployment.of("gpu-a", new ConstantModel(ChatResponse.of("ok", "a"))))
                .deployment(Deployment.of("gpu-b", new ConstantModel(ChatResponse.of("ok", "b"))))
                .deployment(Deployment.of("managed", new ConstantModel(ChatResponse.of("ok", "c"))))
                .strategy(Strategies.leastInFlight()).build();
        routerAndPool = fiveRules(pool);
        if (!router.chat(request).text().equals("ok") || !routerAndPool.chat(request).text().equals("ok")
                || request.responseFormat() != ResponseFormat.TEXT) {
            throw new IllegalStateException("the benchmark request must fall through to the default route");
        }
    }

    /** Five rules the request falls through, then {@code fallThrough}. */
    private static ChatModel fiveRules(ChatModel fallThrough) {
        ChatModel other = new ConstantModel(ChatResponse.of("other", "other"));
        return Router.builder()
                .route("cheap", other).route("tools", other).route("json", other).route("vip", other)
                .route("default", fallThrough)
                .rule(Condition.tag("cheap"), "cheap")
                .rule(Condition.tenant("vip-co"), "vip")
                .rule(Condition.jsonOutput(), "json")
                .rule(Condition.hasTools(), "tools")
                .rule(Condition.classifiedAs(HeuristicClassifier.COMPLEX, new HeuristicClassifier()), "tools")
                .otherwise("default").build();
    }

    @Benchmark
    public ChatResponse direct() {
        return direct.chat(request);
    }

    @Benchmark
    public ChatResponse routerFiveRules() {
        return router.chat(request);
    }

    @Benchmark
    public ChatResponse routerFiveRulesThenPoolOfThree() {
        return routerAndPool.chat(request);
    }
}
