package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Streams through the cache (replay, store on success only) and single flight for calls and streams. */
class CacheStreamTest {

    /** Records a stream's callbacks. */
    static final class Collect implements StreamHandler {
        final StringBuilder text = new StringBuilder();
        final List<String> terminals = new CopyOnWriteArrayList<>();
        volatile ChatResponse response;
        volatile LlmException error;
        volatile StreamHandle handle;

        @Override
        public void onStart(StreamHandle handle) {
            this.handle = handle;
        }

        @Override
        public void onToken(String token) {
            text.append(token);
        }

        @Override
        public void onComplete(ChatResponse response) {
            this.response = response;
            terminals.add("complete");
        }

        @Override
        public void onError(LlmException error) {
            this.error = error;
            terminals.add("error");
        }
    }

    @Test
    void aHitOnStreamIsReplayedAsAStreamEndingOnce() {
        FakeChatModel model = FakeChatModel.builder().respond("Retries wait with jitter between attempts.").build();
        try (ResponseCache cache = ResponseCache.builder(model).build()) {
            cache.chat(ChatRequest.of("How do retries wait?"));
            Collect c = new Collect();
            cache.stream(ChatRequest.of("How do retries wait?"), c);

            assertThat(c.text).hasToString("Retries wait with jitter between attempts.");
            assertThat(c.terminals).containsExactly("complete");
            assertThat(c.handle).isNotNull();
            assertThat(c.response.attribute(ChatResponse.ATTR_CACHE)).contains("exact");
            assertThat(model.callCount()).isEqualTo(1);
        }
    }

    @Test
    void aMissStreamsThroughAndIsStoredOnlyWhenItCompletes() {
        FakeChatModel model = FakeChatModel.builder().failAfter(new ServerErrorException("reset"), "half ")
                .respond("whole answer").build();
        try (ResponseCache cache = ResponseCache.builder(model).build()) {
            Collect failed = new Collect();
            cache.stream(ChatRequest.of("q"), failed);
            assertThat(failed.terminals).containsExactly("error");

            Collect ok = new Collect();
            cache.stream(ChatRequest.of("q"), ok);
            assertThat(ok.text).hasToString("whole answer");
            assertThat(ok.response.attribute(ChatResponse.ATTR_CACHE)).isEmpty();

            assertThat(cache.chat(ChatRequest.of("q")).attribute(ChatResponse.ATTR_CACHE)).contains("exact");
            assertThat(model.callCount()).isEqualTo(2);
        }
    }

    @Test
    void aCancelledStreamIsNotStored() {
        FakeChatModel model = FakeChatModel.builder().hang().respond("later").build();
        try (ResponseCache cache = ResponseCache.builder(model).build()) {
            Collect c = new Collect();
            StreamHandle h = cache.stream(ChatRequest.of("q"), c);
            h.cancel();
            assertThat(c.terminals).isEmpty();
            assertThat(cache.chat(ChatRequest.of("q")).text()).isEqualTo("later");
            assertThat(model.callCount()).isEqualTo(2);
        }
    }

    /** A model whose calls block until the test releases them; counts calls. */
    static final class Gate implements ChatModel {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final List<StreamHandler> streams = new CopyOnWriteArrayList<>();
        final List<StreamHandle> handles = new CopyOnWriteArrayList<>();
        volatile boolean failFirst;

        @Override
        public ChatResponse chat(ChatRequest request) {
            int n = calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failFirst && n == 1) {
                throw new ServerErrorException("503");
            }
            return ChatResponse.builder().text("answer to " + request.lastUserText()).usage(Usage.of(10, 5))
                    .build();
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            calls.incrementAndGet();
            streams.add(handler);
            StreamHandle h = new StreamHandle() {
                volatile boolean cancelled;

                @Override
                public void cancel() {
                    cancelled = true;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled;
                }
            };
            handles.add(h);
            handler.onStart(h);
            return h;
        }

        void finish(int stream, String text) {
            StreamHandler h = streams.get(stream);
            h.onToken(text);
            h.onComplete(ChatResponse.builder().text(text).usage(Usage.of(10, 5)).build());
        }
    }

    @Test
    void concurrentIdenticalMissesMakeOneCallAndAllGetItsAnswer() throws Exception {
        Gate gate = new Gate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ResponseCache cache = ResponseCache.builder(gate).build()) {
            List<Future<ChatResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.chat(ChatRequest.of("same question"))));
            }
            while (gate.calls.get() == 0) {
                Thread.onSpinWait();
            }
            gate.release.countDown();
            for (Future<ChatResponse> f : answers) {
                assertThat(f.get(10, TimeUnit.SECONDS).text()).isEqualTo("answer to same question");
            }
            assertThat(gate.calls).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyThreadsOverFewKeysCallTheModelOncePerKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ChatModel slow = FakeChatModel.builder().otherwise(r -> {
            calls.incrementAndGet();
            Thread.yield();
            return "answer to " + r.lastUserText();
        }).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (ResponseCache cache = ResponseCache.builder(slow).build()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        String q = "question " + ((i * 7 + thread) % 20);
                        assertThat(cache.chat(ChatRequest.of(q)).text()).isEqualTo("answer to " + q);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(calls).hasValue(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheCallWaitedForFailsTheWaiterMakesItsOwn() throws Exception {
        Gate gate = new Gate();
        gate.failFirst = true;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ResponseCache cache = ResponseCache.builder(gate).build()) {
            Future<ChatResponse> first = pool.submit(() -> cache.chat(ChatRequest.of("q")));
            while (gate.calls.get() == 0) {
                Thread.onSpinWait();
            }
            Future<ChatResponse> second = pool.submit(() -> cache.chat(ChatRequest.of("q")));
            gate.release.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ServerErrorException.class);
            assertThat(second.get(10, TimeUnit.SECONDS).text()).isEqualTo("answer to q");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaiterGivesUpAtItsDeadline() throws Exception {
        Gate gate = new Gate();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (ResponseCache cache = ResponseCache.builder(gate).build()) {
            Future<ChatResponse> first = pool.submit(() -> cache.chat(ChatRequest.of("q")));
            while (gate.calls.get() == 0) {
                Thread.onSpinWait();
            }
            ChatRequest hurried = ChatRequest.builder().user("q").deadline(java.time.Instant.now()
                    .plusMillis(50)).build();
            assertThatThrownBy(() -> cache.chat(hurried)).isInstanceOf(LlmTimeoutException.class)
                    .hasMessageContaining("single flight");
            gate.release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("answer to q");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdenticalStreamWaitsForTheFirstAndReplaysItsAnswer() {
        Gate gate = new Gate();
        try (ResponseCache cache = ResponseCache.builder(gate).build()) {
            Collect leader = new Collect();
            Collect follower = new Collect();
            cache.stream(ChatRequest.of("q"), leader);
            cache.stream(ChatRequest.of("q"), follower);
            assertThat(gate.calls).hasValue(1);
            assertThat(follower.handle).isNotNull();

            gate.finish(0, "the answer");

            assertThat(leader.text).hasToString("the answer");
            assertThat(follower.text).hasToString("the answer");
            assertThat(leader.terminals).containsExactly("complete");
            assertThat(follower.terminals).containsExactly("complete");
            assertThat(follower.response.attribute(ChatResponse.ATTR_CACHE)).contains("exact");
        }
    }

    @Test
    void aWaitingStreamEndsOnceAtItsDeadlineAndHearsNothingAfter() {
        Gate gate = new Gate();
        ManualScheduler time = new ManualScheduler();
        try (ResponseCache cache = ResponseCache.builder(gate).scheduler(time).build()) {
            Collect leader = new Collect();
            Collect follower = new Collect();
            Collect cancelled = new Collect();
            cache.stream(ChatRequest.of("q"), leader);
            cache.stream(ChatRequest.builder().user("q").deadline(time.now().plusSeconds(2)).build(), follower);
            cache.stream(ChatRequest.of("q"), cancelled).cancel();

            time.advance(Duration.ofSeconds(3));
            assertThat(follower.terminals).containsExactly("error");
            assertThat(follower.error).isInstanceOf(LlmTimeoutException.class);

            gate.finish(0, "late answer");
            assertThat(follower.terminals).containsExactly("error");
            assertThat(follower.text).isEmpty();
            assertThat(cancelled.terminals).isEmpty();
            assertThat(cancelled.text).isEmpty();
            assertThat(time.pendingTasks()).isZero();
        }
    }

    @Test
    void whenTheStreamWaitedForFailsTheWaiterStreamsItsOwn() {
        Gate gate = new Gate();
        try (ResponseCache cache = ResponseCache.builder(gate).build()) {
            Collect leader = new Collect();
            Collect follower = new Collect();
            cache.stream(ChatRequest.of("q"), leader);
            cache.stream(ChatRequest.of("q"), follower);
            gate.streams.get(0).onError(new ServerErrorException("503"));

            assertThat(leader.terminals).containsExactly("error");
            assertThat(gate.calls).hasValue(2);
            gate.finish(1, "own answer");
            assertThat(follower.text).hasToString("own answer");
            assertThat(follower.terminals).containsExactly("complete");
        }
    }

    @Test
    void aModelThatThrowsFromStreamEndsTheStreamWithOneErrorAndLeavesNoCallInFlight() {
        AtomicInteger calls = new AtomicInteger();
        ChatModel broken = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return ChatResponse.builder().text("fine").build();
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("bug in the model");
                }
                handler.onStart(StreamHandle.ended());
                handler.onToken("fine");
                handler.onComplete(ChatResponse.builder().text("fine").build());
                return StreamHandle.ended();
            }
        };
        try (ResponseCache cache = ResponseCache.builder(broken).build()) {
            Collect first = new Collect();
            cache.stream(ChatRequest.of("q"), first);
            assertThat(first.terminals).containsExactly("error");
            assertThat(first.error).hasMessageContaining("bug in that model");

            Collect second = new Collect();
            cache.stream(ChatRequest.of("q"), second); // not waiting on the failed one: it streams its own
            assertThat(second.terminals).containsExactly("complete");
            assertThat(second.text).hasToString("fine");
        }
    }

    @Test
    void cancellingAMissCancelsTheModelsStream() {
        Gate gate = new Gate();
        try (ResponseCache cache = ResponseCache.builder(gate).build()) {
            Collect c = new Collect();
            StreamHandle h = cache.stream(ChatRequest.of("q"), c);
            h.cancel();
            assertThat(h.isCancelled()).isTrue();
            assertThat(gate.handles.get(0).isCancelled()).isTrue();
        }
    }
}
