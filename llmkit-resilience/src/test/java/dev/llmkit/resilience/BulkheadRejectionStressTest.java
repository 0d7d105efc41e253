package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.BulkheadFullException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Under many threads a bulkhead reports exactly one rejection event per refused call, sync and streamed. */
class BulkheadRejectionStressTest {

    /** A model that holds its slot for a moment, so that callers contend. */
    private static final class Busy implements ChatModel {
        private final FakeChatModel answers = FakeChatModel.always("ok");

        private static void spin() {
            for (int i = 0; i < 50; i++) {
                Thread.onSpinWait();
            }
            Thread.yield();
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            spin();
            return answers.chat(request);
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            spin();
            return answers.stream(request, handler);
        }

        @Override
        public ModelInfo info() {
            return answers.info();
        }
    }

    @Test
    void rejectedEventsEqualRejectionsUnderManyThreads() throws Exception {
        RecordingListener events = new RecordingListener();
        Bulkhead bulkhead = Bulkhead.builder(new Busy()).maxConcurrent(2).maxWait(Duration.ofMillis(1))
                .listener(events).build();
        int threads = 8;
        int calls = 1_500;
        LongAdder refusedSync = new LongAdder();
        LongAdder refusedStreams = new LongAdder();
        AtomicInteger streamsEnded = new AtomicInteger();
        CountDownLatch allStreamsEnded = new CountDownLatch(threads * calls / 2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < calls; i++) {
                        if (i % 2 == 0) {
                            try {
                                bulkhead.chat(ChatRequest.of("hi"));
                            } catch (BulkheadFullException e) {
                                refusedSync.increment();
                            }
                        } else {
                            bulkhead.stream(ChatRequest.of("hi"), new Collect() {
                                @Override
                                public void onComplete(ChatResponse r) {
                                    streamsEnded.incrementAndGet();
                                    allStreamsEnded.countDown();
                                }

                                @Override
                                public void onError(LlmException e) {
                                    if (e instanceof BulkheadFullException) {
                                        refusedStreams.increment();
                                    }
                                    streamsEnded.incrementAndGet();
                                    allStreamsEnded.countDown();
                                }
                            });
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int streams = threads * calls / 2;
        // queued streams end on the timer thread or on the thread that frees a slot
        assertThat(allStreamsEnded.await(120, TimeUnit.SECONDS)).isTrue();

        assertThat(streamsEnded.get()).isEqualTo(streams);
        long refusals = refusedSync.sum() + refusedStreams.sum();
        assertThat(refusals).isPositive();
        assertThat(events.of(RejectedEvent.class)).hasSize((int) refusals)
                .allSatisfy(e -> assertThat(e.reason()).isEqualTo(RejectedEvent.Reason.BULKHEAD_FULL));
        assertThat(bulkhead.availableSlots()).isEqualTo(2);
    }
}
