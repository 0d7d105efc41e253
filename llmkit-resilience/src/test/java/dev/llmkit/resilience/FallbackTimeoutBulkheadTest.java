package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.error.BulkheadFullException;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
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
import org.junit.jupiter.api.Test;

class FallbackTimeoutBulkheadTest {
    private final ManualScheduler time = new ManualScheduler();

    @Test
    void fallbackAnswersWhenThePrimaryFailsAndSaysWhy() {
        RecordingListener events = new RecordingListener();
        FakeChatModel primary = FakeChatModel.builder().name("big").fail(new ServerErrorException("503")).build();
        FakeChatModel secondary = FakeChatModel.builder().name("small").respond("from small").build();

        ChatResponse r = dev.llmkit.resilience.Fallback.of(List.of(primary, secondary), events,
                dev.llmkit.resilience.Fallback.DEFAULT_FAIL_OVER).chat(ChatRequest.of("hi"));

        assertThat(r.text()).isEqualTo("from small");
        assertThat(r.attribute(ChatResponse.ATTR_FALLBACK)).contains("primary failed: ServerErrorException");
        assertThat(events.of(FallbackEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.to()).isEqualTo("fake:small"));
    }

    @Test
    void fallbackDoesNotHideACallersMistakeButEndsInAStaticAnswerOtherwise() {
        FakeChatModel bad = FakeChatModel.builder().fail(new InvalidRequestException("400")).build();
        assertThatThrownBy(() -> Fallback.of(bad, Fallback.staticAnswer("busy")).chat(ChatRequest.of("hi")))
                .isInstanceOf(InvalidRequestException.class);

        FakeChatModel down = FakeChatModel.builder().fail(new ServerErrorException("503")).build();
        assertThat(Fallback.of(down, Fallback.staticAnswer("busy")).chat(ChatRequest.of("hi")).text()).isEqualTo("busy");
    }

    @Test
    void aStreamFailsOverOnlyBeforeItsFirstToken() {
        FakeChatModel primary = FakeChatModel.builder().fail(new ServerErrorException("503"))
                .failAfter(new ServerErrorException("reset"), "par").build();
        FakeChatModel secondary = FakeChatModel.always("whole answer");
        Fallback chain = Fallback.of(primary, secondary);
        Collect first = new Collect();
        Collect second = new Collect();

        chain.stream(ChatRequest.of("hi"), first);
        chain.stream(ChatRequest.of("hi"), second);

        assertThat(first.text()).isEqualTo("whole answer");
        assertThat(second.tokens).containsExactly("par");
        assertThat(second.error).isInstanceOf(StreamInterruptedException.class);
        assertThat(secondary.callCount()).isEqualTo(1);
    }

    @Test
    void firstTokenTimeoutCancelsAHangingStream() {
        FakeChatModel model = FakeChatModel.builder().hang().scheduler(time).build();
        Collect c = new Collect();

        Timeouts.of(model, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, time).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(5));

        assertThat(c.error).isInstanceOf(LlmTimeoutException.class).hasMessageContaining("first token");
        assertThat(model.cancelledStreams()).isEqualTo(1);
    }

    @Test
    void idleTimeoutAfterTokensSurfacesWhatWasDelivered() {
        FakeChatModel model = FakeChatModel.builder().stream("a", "b", "c").tokenInterval(Duration.ofSeconds(10))
                .scheduler(time).build();
        Collect c = new Collect();

        Timeouts.of(model, Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ZERO, time).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(30));

        assertThat(c.tokens).containsExactly("a");
        assertThat(c.error).isInstanceOf(StreamInterruptedException.class);
        assertThat(((StreamInterruptedException) c.error).partialText()).isEqualTo("a");
        assertThat(c.terminals).hasValue(1);
    }

    @Test
    void totalTimeoutEndsASlowButSteadyStream() {
        FakeChatModel model = FakeChatModel.builder().stream("a", "b", "c", "d").tokenInterval(Duration.ofSeconds(2))
                .scheduler(time).build();
        Collect c = new Collect();

        Timeouts.of(model, Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(3), time).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(30));

        assertThat(c.tokens).containsExactly("a", "b");
        assertThat(c.error).hasMessageContaining("total timeout");
    }

    @Test
    void bulkheadNeverAdmitsMoreThanItsSlotsUnderManyThreads() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeChatModel model = FakeChatModel.builder().otherwise(r -> {
            try {
                gate.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "ok";
        }).build();
        Bulkhead bulkhead = Bulkhead.of(model, 4, Duration.ofMillis(5));
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                fs.add(pool.submit(() -> {
                    try {
                        bulkhead.chat(ChatRequest.of("x"));
                    } catch (BulkheadFullException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        assertThat(model.maxInFlight()).isLessThanOrEqualTo(4);
        assertThat(refused.get()).isPositive();
        assertThat(model.callCount() + refused.get()).isEqualTo(400);
        assertThat(bulkhead.availableSlots()).isEqualTo(4);
    }

    @Test
    void bulkheadReleasesStreamSlotsOnCompletionAndCancel() {
        FakeChatModel model = FakeChatModel.builder().hang().stream("x").build();
        Bulkhead bulkhead = Bulkhead.of(model, 1, Duration.ZERO);

        var handle = bulkhead.stream(ChatRequest.of("a"), new Collect());
        Collect refused = new Collect();
        bulkhead.stream(ChatRequest.of("b"), refused);
        assertThat(refused.error).isInstanceOf(BulkheadFullException.class)
                .satisfies(e -> assertThat(e.isRetryable()).isFalse());
        handle.cancel();
        Collect c = new Collect();
        bulkhead.stream(ChatRequest.of("c"), c);

        assertThat(c.text()).isEqualTo("x");
        assertThat(bulkhead.availableSlots()).isEqualTo(1);
    }
}
