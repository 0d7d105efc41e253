package dev.llmkit.routing.pool;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The built-in {@link Strategy strategies}. Each new instance keeps its own state (a counter, a random source), so
 * give each pool its own. Where several candidates rank equal, they take turns.
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>factory</th><th>sends the call to</th></tr>
 *   <tr><td>{@link #weightedRandom()}</td><td>a random deployment, in proportion to its weight</td></tr>
 *   <tr><td>{@link #roundRobin()}</td><td>each deployment in turn</td></tr>
 *   <tr><td>{@link #leastInFlight()}</td><td>the deployment with the fewest calls in flight</td></tr>
 *   <tr><td>{@link #lowestLatency()}</td><td>the lowest moving-average latency (time to first token for streams)
 *       times calls in flight plus one</td></tr>
 *   <tr><td>{@link #usageBased()}</td><td>the largest share of its RPM/TPM limits left</td></tr>
 *   <tr><td>{@link #lowestCost()}</td><td>the lowest estimated price for this call</td></tr>
 * </table>
 */
public final class Strategies {
    private Strategies() {}

    /** Random, in proportion to {@link Deployment#weight()}, from an unseeded source. */
    public static Strategy weightedRandom() {
        return tokenFree(choice -> pickWeighted(choice.candidates(), ThreadLocalRandom.current().nextDouble()));
    }

    /** {@code strategy}, declared not to read the token estimate. */
    private static Strategy tokenFree(Strategy strategy) {
        return new Strategy() {
            @Override
            public DeploymentState choose(Choice choice) {
                return strategy.choose(choice);
            }

            @Override
            public boolean needsTokenEstimate() {
                return false;
            }
        };
    }

    /** Random in proportion to weight from a source seeded with {@code seed}: repeatable for a single thread. */
    public static Strategy weightedRandom(long seed) {
        Random random = new Random(seed);
        return tokenFree(choice -> pickWeighted(choice.candidates(), random.nextDouble()));
    }

    private static DeploymentState pickWeighted(List<DeploymentState> candidates, double u) {
        long total = 0;
        for (DeploymentState c : candidates) {
            total += c.deployment().weight();
        }
        double target = u * total;
        double sum = 0;
        for (DeploymentState c : candidates) {
            sum += c.deployment().weight();
            if (target < sum) {
                return c;
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    /** Each candidate in turn, in the pool's order. */
    public static Strategy roundRobin() {
        AtomicLong next = new AtomicLong();
        return tokenFree(choice -> {
            List<DeploymentState> c = choice.candidates();
            return c.get((int) Math.floorMod(next.getAndIncrement(), (long) c.size()));
        });
    }

    /** The candidate with the fewest calls in flight. */
    public static Strategy leastInFlight() {
        return tokenFree(lowest(c -> c.inFlight()));
    }

    /**
     * The candidate with the lowest expected wait: its moving-average latency (time to first token for streams, whole
     * answer otherwise) times its calls in flight plus one, so a fast deployment is preferred until it queues up. A
     * deployment not measured yet counts as fast as the fastest measured one, so it gets tried.
     */
    public static Strategy lowestLatency() {
        AtomicLong turn = new AtomicLong();
        return tokenFree(choice -> {
            List<DeploymentState> c = choice.candidates();
            double fastest = Double.POSITIVE_INFINITY;
            for (DeploymentState s : c) {
                Optional<Duration> l = s.latency(choice.streaming());
                if (l.isPresent()) {
                    fastest = Math.min(fastest, l.get().toNanos());
                }
            }
            double prior = fastest == Double.POSITIVE_INFINITY ? 1.0 : fastest;
            return pickLowest(c, s -> s.latency(choice.streaming()).map(d -> (double) d.toNanos()).orElse(prior)
                    * (s.inFlight() + 1), turn);
        });
    }

    /**
     * The candidate with the largest share of its limits left: the smaller of requests left over request limit and
     * tokens left over token limit, from its own rate-limit headers and the pool's counts against
     * {@link Deployment#rpm()} and {@link Deployment#tpm()}. A deployment whose limits are unknown counts as
     * untouched; among equals, the fewest in flight.
     */
    public static Strategy usageBased() {
        AtomicLong turn = new AtomicLong();
        return choice -> pickLowest(choice.candidates(), s -> -headroom(s), turn);
    }

    private static double headroom(DeploymentState s) {
        return Math.min(share(s.requestsLeft(), s.requestLimit()), share(s.tokensLeft(), s.tokenLimit()));
    }

    private static double share(OptionalLong left, OptionalLong limit) {
        if (left.isEmpty()) {
            return 1.0;
        }
        if (limit.isEmpty() || limit.getAsLong() == 0) {
            return left.getAsLong() > 0 ? 1.0 : 0.0;
        }
        return Math.max(0.0, Math.min(1.0, (double) left.getAsLong() / limit.getAsLong()));
    }

    /**
     * The candidate whose prices ({@link Deployment#info()}) make this call cheapest, from its estimated input and
     * output tokens; deployments without prices come last, and among equals the fewest in flight.
     */
    public static Strategy lowestCost() {
        AtomicLong turn = new AtomicLong();
        return choice -> pickLowest(choice.candidates(), s -> {
            Optional<BigDecimal> in = s.deployment().info().inputPricePerMillion();
            Optional<BigDecimal> out = s.deployment().info().outputPricePerMillion();
            if (in.isEmpty() || out.isEmpty()) {
                return Double.MAX_VALUE;
            }
            return in.get().doubleValue() * choice.estimatedInputTokens()
                    + out.get().doubleValue() * choice.estimatedOutputTokens();
        }, turn);
    }

    private static Strategy lowest(ToDoubleFunction<DeploymentState> score) {
        AtomicLong turn = new AtomicLong();
        return choice -> pickLowest(choice.candidates(), score, turn);
    }

    /** The lowest-scoring candidate; among equal scores the fewest in flight, and equal ones take turns. */
    private static DeploymentState pickLowest(List<DeploymentState> candidates, ToDoubleFunction<DeploymentState> score,
            AtomicLong turn) {
        int size = candidates.size();
        double[] scores = new double[size];
        int[] inFlight = new int[size];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            scores[i] = score.applyAsDouble(candidates.get(i));
            inFlight[i] = candidates.get(i).inFlight();
            best = Math.min(best, scores[i]);
        }
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            if (scores[i] == best) {
                fewest = Math.min(fewest, inFlight[i]);
            }
        }
        int ties = 0;
        for (int i = 0; i < size; i++) {
            if (scores[i] == best && inFlight[i] == fewest) {
                ties++;
            }
        }
        int pick = ties <= 1 ? 0 : (int) Math.floorMod(turn.getAndIncrement(), (long) ties);
        for (int i = 0; i < size; i++) {
            if (scores[i] == best && inFlight[i] == fewest && pick-- == 0) {
                return candidates.get(i);
            }
        }
        return candidates.get(0);
    }
}
