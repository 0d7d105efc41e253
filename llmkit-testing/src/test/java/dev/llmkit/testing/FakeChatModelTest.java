package dev.llmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.error.StreamInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeChatModelTest {

    private static final class Collect implements StreamHandler {
        final List<String> tokens = new ArrayList<>();
        final List<ToolCall> calls = new ArrayList<>();
        ChatResponse response;
        LlmException error;

        @Override
        public void onToken(String token) {
            tokens.add(token);
        }

        @Override
        public void onToolCall(ToolCall toolCall) {
            calls.add(toolCall);
        }

        @Override
        public void onComplete(ChatResponse r) {
            response = r;
        }

        @Override
        public void onError(LlmException e) {
            error = e;
        }
    }

    @Test
    void playsTheScriptInOrderThenFallsBackToEcho() {
        FakeChatModel model = FakeChatModel.builder()
                .respond("first")
                .fail(new RateLimitedException("slow down"))
                .build();

        assertThat(model.chat(ChatRequest.of("q1")).text()).isEqualTo("first");
        assertThatThrownBy(() -> model.chat(ChatRequest.of("q2"))).isInstanceOf(RateLimitedException.class);
        assertThat(model.chat(ChatRequest.of("q3")).text()).isEqualTo("echo: q3");
        assertThat(model.requests()).extracting(ChatRequest::lastUserText).containsExactly("q1", "q2", "q3");
        assertThat(model.remainingSteps()).isZero();
    }

    @Test
    void streamsExactTokensAndReportsTimeToFirstTokenOnTheSchedulersClock() {
        ManualScheduler time = new ManualScheduler();
        FakeChatModel model = FakeChatModel.builder()
                .stream("Hel", "lo")
                .latency(Duration.ofMillis(300))
                .tokenInterval(Duration.ofMillis(100))
                .scheduler(time)
                .build();
        Collect c = new Collect();

        model.stream(ChatRequest.of("hi"), c);
        assertThat(c.tokens).isEmpty();
        time.advance(Duration.ofMillis(300));
        assertThat(c.tokens).containsExactly("Hel");
        time.advance(Duration.ofMillis(100));

        assertThat(c.tokens).containsExactly("Hel", "lo");
        assertThat(c.response.text()).isEqualTo("Hello");
        assertThat(c.response.timeToFirstToken()).contains(Duration.ofMillis(300));
        assertThat(c.response.latency()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void failureAfterTokensArrivesAsStreamInterruptedWithTheDeliveredText() {
        FakeChatModel model = FakeChatModel.builder()
                .failAfter(new ServerErrorException("connection reset"), "par", "tial")
                .build();
        Collect c = new Collect();

        model.stream(ChatRequest.of("hi"), c);

        assertThat(c.tokens).containsExactly("par", "tial");
        assertThat(c.error).isInstanceOf(StreamInterruptedException.class);
        StreamInterruptedException e = (StreamInterruptedException) c.error;
        assertThat(e.partialText()).isEqualTo("partial");
        assertThat(e.tokensDelivered()).isEqualTo(2);
        assertThat(e.isRetryable()).isFalse();
        assertThat(c.response).isNull();
    }

    @Test
    void cancelledStreamGetsNoMoreCallbacks() {
        ManualScheduler time = new ManualScheduler();
        FakeChatModel model = FakeChatModel.builder().stream("a", "b", "c")
                .tokenInterval(Duration.ofSeconds(1)).scheduler(time).build();
        Collect c = new Collect();

        StreamHandle handle = model.stream(ChatRequest.of("hi"), c);
        assertThat(c.tokens).containsExactly("a");
        handle.cancel();
        time.advance(Duration.ofSeconds(10));

        assertThat(c.tokens).containsExactly("a");
        assertThat(c.response).isNull();
        assertThat(c.error).isNull();
        assertThat(model.cancelledStreams()).isEqualTo(1);
        assertThat(model.inFlight()).isZero();
    }

    @Test
    void toolCallsAreDeliveredOnceAndOnTheResponse() {
        ToolCall call = new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}");
        FakeChatModel model = FakeChatModel.builder().then(FakeChatModel.Step.toolCalls(call)).build();
        Collect c = new Collect();

        model.stream(ChatRequest.of("weather?"), c);

        assertThat(c.calls).containsExactly(call);
        assertThat(c.response.toolCalls()).containsExactly(call);
        assertThat(c.response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void syncCallWithLatencySleepsOnTheManualClockNotTheWallClock() {
        ManualScheduler time = new ManualScheduler();
        FakeChatModel model = FakeChatModel.builder().latency(Duration.ofMinutes(5)).scheduler(time).build();

        ChatResponse r = model.chat(ChatRequest.of("hi"));

        assertThat(r.latency()).isEqualTo(Duration.ofMinutes(5));
        assertThat(time.totalSlept()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void tracksTheMostCallsInFlightAcrossThreads() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeChatModel model = FakeChatModel.builder().otherwise(r -> {
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "ok";
        }).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> model.chat(ChatRequest.of("x")));
            }
            while (model.callCount() < 8) {
                Thread.onSpinWait();
            }
            gate.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(model.maxInFlight()).isBetween(1, 8);
        assertThat(model.inFlight()).isZero();
        assertThat(model.callCount()).isEqualTo(8);
    }
}
