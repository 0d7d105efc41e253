package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Scheduler;
import dev.llmkit.testing.FakeChatModel;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many streams, many threads: what finishes leaves no timer, no handler and no slot behind. */
class StreamLeakStressTest {

    @Test
    void aThousandStreamsThroughTheFullStackLeaveTheTimerQueueAndTheHeapAsTheyFoundThem() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        Scheduler scheduler = Scheduler.using(timers);
        try {
            FakeChatModel model = FakeChatModel.builder()
                    .otherwiseStep(r -> FakeChatModel.Step.stream("a", "b", "c", "d", "e"))
                    .build();
            ChatModel stack = Resilient.builder().scheduler(scheduler).build(model);
            int baseline = timers.getQueue().size();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            CountDownLatch done = new CountDownLatch(1000);
            AtomicInteger ended = new AtomicInteger();
            List<WeakReference<Collect>> refs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Collect c = new Collect() {
                    @Override
                    public void onComplete(dev.llmkit.api.ChatResponse r) {
                        super.onComplete(r);
                        ended.incrementAndGet();
                        done.countDown();
                    }

                    @Override
                    public void onError(dev.llmkit.api.error.LlmException e) {
                        super.onError(e);
                        ended.incrementAndGet();
                        done.countDown();
                    }
                };
                refs.add(new WeakReference<>(c));
                callers.execute(() -> stack.stream(ChatRequest.of("hi"), c));
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            callers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(ended.get()).isEqualTo(1000);
            assertThat(timers.getQueue().size()).isEqualTo(baseline);
            for (int attempt = 0; attempt < 20 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
                System.gc();
                Thread.sleep(50);
            }
            assertThat(refs).allMatch(r -> r.get() == null, "handler collected after its stream ended");
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void streamsWhoseTokensArriveOnTheTimerThreadAlsoLeaveNothingQueued() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        Scheduler scheduler = Scheduler.using(timers);
        try {
            FakeChatModel model = FakeChatModel.builder().scheduler(scheduler).latency(Duration.ofMillis(1))
                    .tokenInterval(Duration.ofMillis(1))
                    .otherwiseStep(r -> FakeChatModel.Step.stream("a", "b", "c"))
                    .build();
            // an idle limit shorter than the first-token one makes the first token re-arm the stream's timer
            ChatModel stack = Resilient.builder().scheduler(scheduler).bulkhead(8, Duration.ofSeconds(30))
                    .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMinutes(1)).build(model);
            CountDownLatch done = new CountDownLatch(300);
            AtomicInteger ok = new AtomicInteger();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 300; i++) {
                callers.execute(() -> stack.stream(ChatRequest.of("hi"), new Collect() {
                    @Override
                    public void onComplete(dev.llmkit.api.ChatResponse r) {
                        ok.incrementAndGet();
                        done.countDown();
                    }

                    @Override
                    public void onError(dev.llmkit.api.error.LlmException e) {
                        done.countDown();
                    }
                }));
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            callers.shutdown();

            assertThat(ok.get()).isEqualTo(300);
            assertThat(timers.getQueue()).isEmpty();
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void manyThreadsStreamingThroughAWaitingBulkheadNeverExceedItsSlotsAndAllFinish() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            ScriptedModel model = new ScriptedModel((n, h) -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                workers.execute(() -> {
                    h.onToken("x");
                    inFlight.decrementAndGet();
                    h.onComplete(dev.llmkit.api.ChatResponse.of("x", "m"));
                });
            });
            Bulkhead bulkhead = Bulkhead.of(model, 3, Duration.ofSeconds(30), Scheduler.using(timers));
            ExecutorService callers = Executors.newFixedThreadPool(16);
            CountDownLatch done = new CountDownLatch(2000);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < 2000; i++) {
                callers.execute(() -> bulkhead.stream(ChatRequest.of("hi"), new Collect() {
                    @Override
                    public void onComplete(dev.llmkit.api.ChatResponse r) {
                        ok.incrementAndGet();
                        done.countDown();
                    }

                    @Override
                    public void onError(dev.llmkit.api.error.LlmException e) {
                        failed.incrementAndGet();
                        done.countDown();
                    }
                }));
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            callers.shutdown();

            assertThat(maxInFlight.get()).isLessThanOrEqualTo(3);
            assertThat(ok.get()).isEqualTo(2000);
            assertThat(failed.get()).isZero();
            // the last callers hear onComplete a moment before the bulkhead frees their slot and cancels their
            // wait timer: give that moment, bounded, then check that nothing is left behind
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((bulkhead.availableSlots() != 3 || !timers.getQueue().isEmpty()) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(bulkhead.availableSlots()).isEqualTo(3);
            assertThat(timers.getQueue()).isEmpty();
        } finally {
            workers.shutdownNow();
            timers.shutdownNow();
        }
    }
}
