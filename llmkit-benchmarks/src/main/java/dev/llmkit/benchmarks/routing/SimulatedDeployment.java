package dev.llmkit.benchmarks.routing;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ServerErrorException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deployment simulated on a fake clock. Its time to first token is {@code base × lognormal(σ)}, times
 * {@code tailFactor} with probability {@code tailChance} (a GC pause, a cold cache, a long queue upstream), times
 * {@code inFlight / capacity} once more than {@code capacity} calls run at once (the replica shares its GPU among
 * them). With probability {@code errorRate} the call fails with a 503 after half that time. Single-threaded, like the
 * simulation that drives it.
 *
 * @param name the deployment's name
 * @param base the median time to first token without load
 * @param sigma the spread of the lognormal noise
 * @param tailChance the chance of a tail call
 * @param tailFactor how much slower a tail call is
 * @param capacity calls it serves at full speed
 * @param errorRate the chance a call fails
 */
record SimulatedDeployment(String name, Duration base, double sigma, double tailChance, double tailFactor,
        int capacity, double errorRate) {

    /** A model of this profile on {@code scheduler}, drawing from {@code random}. */
    Model model(Scheduler scheduler, Random random) {
        return new Model(scheduler, random);
    }

    /** The simulated model. */
    final class Model implements ChatModel {
        private final Scheduler scheduler;
        private final Random random;
        private int inFlight;

        Model(Scheduler scheduler, Random random) {
            this.scheduler = scheduler;
            this.random = random;
        }

        private long latencyNanos() {
            double t = base.toNanos() * Math.exp(sigma * random.nextGaussian());
            if (random.nextDouble() < tailChance) {
                t *= tailFactor;
            }
            if (inFlight > capacity) {
                t *= (double) inFlight / capacity;
            }
            return (long) t;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            throw new UnsupportedOperationException("the simulation streams; see PoolSimulation");
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            inFlight++;
            long start = scheduler.nanoTime();
            boolean fails = random.nextDouble() < errorRate;
            long latency = latencyNanos();
            AtomicBoolean cancelled = new AtomicBoolean();
            StreamHandle handle = new StreamHandle() {
                @Override
                public void cancel() {
                    if (cancelled.compareAndSet(false, true)) {
                        inFlight--;
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancelled.get();
                }
            };
            handler.onStart(handle);
            scheduler.schedule(Duration.ofNanos(fails ? latency / 2 : latency), () -> {
                if (!cancelled.compareAndSet(false, true)) {
                    return;
                }
                inFlight--;
                if (fails) {
                    handler.onError(new ServerErrorException("503 from simulated " + name));
                    return;
                }
                handler.onToken("ok");
                handler.onComplete(ChatResponse.builder().text("ok").model(name).usage(Usage.of(50, 1))
                        .latency(Duration.ofNanos(scheduler.nanoTime() - start))
                        .timeToFirstToken(Duration.ofNanos(scheduler.nanoTime() - start)).build());
            });
            return handle;
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.of("simulated", name);
        }
    }
}
