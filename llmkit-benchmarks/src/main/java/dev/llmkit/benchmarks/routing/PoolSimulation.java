package dev.llmkit.benchmarks.routing;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.routing.pool.CooldownConfig;
import dev.llmkit.routing.pool.Deployment;
import dev.llmkit.routing.pool.DeploymentPool;
import dev.llmkit.routing.pool.Strategies;
import dev.llmkit.routing.pool.Strategy;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A deterministic simulation of a deployment pool: three simulated deployments with different latency, tail, capacity
 * and error profiles ({@link SimulatedDeployment}), a Poisson stream of streamed requests, every strategy in turn, on
 * a fake clock (so it runs in about a second and prints the same table every time). Prints, per strategy, the median
 * and 99th-percentile time from request to answer (fail-over included), the share of calls that failed, and the share
 * each deployment answered.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.llmkit.benchmarks.routing.PoolSimulation [requests] [rate-per-second]
 * [seed]} (defaults 10000, 20, 7).
 */
public final class PoolSimulation {
    private static final List<SimulatedDeployment> PROFILES = List.of(
            new SimulatedDeployment("gpu-a", Duration.ofMillis(300), 0.25, 0.005, 4, 8, 0.002),
            new SimulatedDeployment("gpu-b", Duration.ofMillis(450), 0.30, 0.01, 4, 3, 0.005),
            new SimulatedDeployment("managed", Duration.ofMillis(700), 0.50, 0.04, 8, 64, 0.01));

    /** Five failures within ten seconds take a deployment out for ten seconds. */
    private static final CooldownConfig COOLDOWN = CooldownConfig.builder().failures(5).window(Duration.ofSeconds(10))
            .cooldown(Duration.ofSeconds(10)).build();

    private PoolSimulation() {}

    /** Runs the simulation and prints the table. */
    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 20.0;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        Map<String, Supplier<Strategy>> strategies = new LinkedHashMap<>();
        strategies.put("round robin", Strategies::roundRobin);
        strategies.put("weighted random", () -> Strategies.weightedRandom(seed));
        strategies.put("least in flight", Strategies::leastInFlight);
        strategies.put("lowest latency", Strategies::lowestLatency);
        strategies.put("usage-based", Strategies::usageBased);
        strategies.put("lowest cost", Strategies::lowestCost);

        System.out.printf(Locale.ROOT, "%d streamed requests, Poisson arrivals at %.0f/s, seed %d; profiles:%n",
                requests, rate, seed);
        for (SimulatedDeployment p : PROFILES) {
            System.out.printf(Locale.ROOT, "  %-8s ttft %d ms x lognormal(%.2f), %.1f %% tail x%.0f, capacity %d,"
                    + " %.1f %% errors%n", p.name(), p.base().toMillis(), p.sigma(), p.tailChance() * 100,
                    p.tailFactor(), p.capacity(), p.errorRate() * 100);
        }
        System.out.println("  rpm limits 1200 / 600 / 6000; prices per million in/out 0.05/0.10, 0.05/0.10, 0.15/0.60;"
                + " " + COOLDOWN);
        System.out.println();
        System.out.println("| strategy | p50 ms | p99 ms | error rate | share gpu-a / gpu-b / managed |");
        System.out.println("|---|---:|---:|---:|---|");
        for (Map.Entry<String, Supplier<Strategy>> s : strategies.entrySet()) {
            Result r = run(s.getValue().get(), requests, rate, seed);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f %% | %s |%n", s.getKey(), r.p50(), r.p99(),
                    r.errorRate() * 100, r.shares());
        }
    }

    /** The outcome of one run. */
    record Result(double p50, double p99, double errorRate, String shares) {
    }

    static Result run(Strategy strategy, int requests, double rate, long seed) {
        ManualScheduler time = new ManualScheduler();
        Random random = new Random(seed);
        DeploymentPool.Builder b = DeploymentPool.builder("sim").scheduler(time).strategy(strategy)
                .cooldown(COOLDOWN);
        for (SimulatedDeployment p : PROFILES) {
            Deployment.Builder d = Deployment.builder(p.name(), p.model(time, new Random(seed * 31 + p.name().hashCode())));
            switch (p.name()) {
                case "gpu-a" -> d.rpm(1_200).info(dev.llmkit.api.ModelInfo.of("vllm", "gpu-a")
                        .withPrices(new java.math.BigDecimal("0.05"), new java.math.BigDecimal("0.10")));
                case "gpu-b" -> d.rpm(600).info(dev.llmkit.api.ModelInfo.of("vllm", "gpu-b")
                        .withPrices(new java.math.BigDecimal("0.05"), new java.math.BigDecimal("0.10")));
                default -> d.rpm(6_000).info(dev.llmkit.api.ModelInfo.of("openai", "managed")
                        .withPrices(new java.math.BigDecimal("0.15"), new java.math.BigDecimal("0.60")));
            }
            b.deployment(d.build());
        }
        DeploymentPool pool = b.build();
        double[] latencies = new double[requests];
        int[] errors = new int[1];
        int[] done = new int[1];
        Map<String, Integer> answered = new TreeMap<>();
        long at = 0;
        for (int i = 0; i < requests; i++) {
            at += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
            int index = i;
            time.schedule(Duration.ofNanos(at), () -> {
                long start = time.nanoTime();
                pool.stream(ChatRequest.of("request " + index), new StreamHandler() {
                    @Override
                    public void onToken(String token) {
                    }

                    @Override
                    public void onComplete(ChatResponse response) {
                        latencies[index] = (time.nanoTime() - start) / 1e6;
                        answered.merge(response.attribute(DeploymentPool.ATTR_DEPLOYMENT).orElse("?"), 1, Integer::sum);
                        done[0]++;
                    }

                    @Override
                    public void onError(LlmException error) {
                        latencies[index] = (time.nanoTime() - start) / 1e6;
                        errors[0]++;
                        done[0]++;
                    }
                });
            });
        }
        time.advance(Duration.ofNanos(at).plusHours(1));
        if (done[0] != requests) {
            throw new IllegalStateException("only " + done[0] + " of " + requests + " calls ended");
        }
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        List<String> shares = new ArrayList<>();
        for (SimulatedDeployment p : PROFILES) {
            shares.add(String.format(Locale.ROOT, "%.0f %%", 100.0 * answered.getOrDefault(p.name(), 0) / requests));
        }
        return new Result(percentile(sorted, 0.50), percentile(sorted, 0.99), (double) errors[0] / requests,
                String.join(" / ", shares));
    }

    private static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
