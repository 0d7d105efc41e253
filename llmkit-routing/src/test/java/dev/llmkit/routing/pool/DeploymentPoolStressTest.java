package dev.llmkit.routing.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads at once: the pool's counts stay exact and a cooled-down deployment gets nothing. */
class DeploymentPoolStressTest {
    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 500;

    @Test
    void inFlightCountsReturnToZeroAndEveryCallEndsOnceUnderConcurrentCallsStreamsAndCancels() throws Exception {
        ChatModel flaky = FakeChatModel.builder().name("flaky").otherwiseStep(r ->
                ThreadLocalRandom.current().nextInt(4) == 0 ? Step.fail(new ServerErrorException("503"))
                        : Step.respond("ok from flaky")).build();
        DeploymentPool pool = DeploymentPool.builder("stress")
                .cooldown(CooldownConfig.builder().failures(1_000_000).build())
                .strategy(Strategies.leastInFlight())
                .deployment("a", FakeChatModel.always("ok from a"))
                .deployment("b", flaky)
                .deployment("c", FakeChatModel.always("ok from c"))
                .build();
        AtomicInteger terminals = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    switch ((thread + i) % 3) {
                        case 0 -> {
                            pool.chat(ChatRequest.of("call"));
                            terminals.incrementAndGet();
                        }
                        case 1 -> {
                            StreamHandle h = pool.stream(ChatRequest.of("stream"), counting(terminals, failures));
                            h.cancel();
                        }
                        default -> pool.stream(ChatRequest.of("stream"), counting(terminals, failures));
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(pool.deployments()).allSatisfy(d -> assertThat(d.inFlight()).isZero());
        assertThat(failures).hasValue(0);
        int streamsCancelled = 0;
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                if ((t + i) % 3 == 1) {
                    streamsCancelled++;
                }
            }
        }
        // a stream cancelled after it finished had its one terminal callback; one cancelled before had none
        assertThat(terminals.get()).isBetween(THREADS * CALLS_PER_THREAD - streamsCancelled, THREADS * CALLS_PER_THREAD);
    }

    @Test
    void aCooledDownDeploymentGetsNoTrafficFromManyThreadsWhileAHealthyOneExists() throws Exception {
        ManualScheduler time = new ManualScheduler();
        FakeChatModel limited = FakeChatModel.builder().name("limited").scheduler(time)
                .fail(new RateLimitedException("429", null, ErrorInfo.builder().retryAfter(Duration.ofMinutes(5)).build()))
                .build();
        FakeChatModel a = FakeChatModel.builder().name("a").scheduler(time).build();
        FakeChatModel b = FakeChatModel.builder().name("b").scheduler(time).build();
        DeploymentPool pool = DeploymentPool.builder("stress").scheduler(time).strategy(Strategies.roundRobin())
                .deployment("limited", limited).deployment("a", a).deployment("b", b).build();
        pool.chat(ChatRequest.of("trips the 429"));
        assertThat(pool.isCoolingDown("limited")).isTrue();

        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<ChatResponse>> answers = new ArrayList<>();
        for (int i = 0; i < THREADS * 200; i++) {
            answers.add(threads.submit(() -> pool.chat(ChatRequest.of("hi"))));
        }
        for (Future<ChatResponse> f : answers) {
            assertThat(f.get(60, TimeUnit.SECONDS).attribute(DeploymentPool.ATTR_DEPLOYMENT).orElseThrow())
                    .isNotEqualTo("limited");
        }
        threads.shutdown();

        assertThat(limited.callCount()).isEqualTo(1);
        assertThat(a.callCount() + b.callCount()).isEqualTo(THREADS * 200 + 1);
        assertThat(pool.deployments()).allSatisfy(d -> assertThat(d.inFlight()).isZero());
    }

    private static StreamHandler counting(AtomicInteger terminals, AtomicInteger failures) {
        return new StreamHandler() {
            private final AtomicInteger ends = new AtomicInteger();

            @Override
            public void onToken(String token) {
            }

            @Override
            public void onComplete(ChatResponse response) {
                end();
            }

            @Override
            public void onError(LlmException error) {
                end();
            }

            private void end() {
                terminals.incrementAndGet();
                if (ends.incrementAndGet() > 1) {
                    failures.incrementAndGet();
                }
            }
        };
    }
}
