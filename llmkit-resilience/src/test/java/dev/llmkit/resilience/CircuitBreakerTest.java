package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingListener events = new RecordingListener();
    private final CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULTS.withWindow(10, 5)
            .withOpenWait(Duration.ofSeconds(30), 2);

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (LlmException ignored) {
            // expected failures
        }
    }

    @Test
    void opensWithinTheWindowRefusesThenRecoversThroughHalfOpen() {
        FakeChatModel model = FakeChatModel.builder().otherwiseStep(r -> r.lastUserText().equals("ok")
                ? FakeChatModel.Step.respond("fine") : FakeChatModel.Step.fail(new ServerErrorException("503"))).build();
        CircuitBreaker breaker = CircuitBreaker.builder("openai", model).config(config).scheduler(time).listener(events).build();

        for (int i = 0; i < 5; i++) {
            quietly(() -> breaker.chat(ChatRequest.of("fail")));
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> breaker.chat(ChatRequest.of("ok"))).isInstanceOf(CircuitOpenException.class)
                .satisfies(e -> assertThat(((CircuitOpenException) e).retryAfter()).contains(Duration.ofSeconds(30)))
                .hasMessageContaining("'openai'");
        assertThat(model.callCount()).isEqualTo(5);

        time.advance(Duration.ofSeconds(30));
        assertThat(breaker.chat(ChatRequest.of("ok")).text()).isEqualTo("fine");
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.chat(ChatRequest.of("ok"));

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(events.of(CircuitStateEvent.class)).extracting(CircuitStateEvent::to)
                .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
    }

    @Test
    void aFailedProbeOpensItAgain() {
        FakeChatModel model = FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("503"))).build();
        CircuitBreaker breaker = CircuitBreaker.builder("b", model).config(config).scheduler(time).build();
        for (int i = 0; i < 5; i++) {
            quietly(() -> breaker.chat(ChatRequest.of("x")));
        }
        time.advance(Duration.ofSeconds(30));

        quietly(() -> breaker.chat(ChatRequest.of("x")));

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aTimeBasedWindowForgetsOldFailures() {
        FakeChatModel model = FakeChatModel.builder().otherwiseStep(r -> r.lastUserText().equals("ok")
                ? FakeChatModel.Step.respond("fine") : FakeChatModel.Step.fail(new ServerErrorException("503"))).build();
        CircuitBreaker breaker = CircuitBreaker.builder("t", model)
                .config(CircuitBreakerConfig.DEFAULTS.withTimeWindow(Duration.ofSeconds(10), 4)).scheduler(time).build();

        for (int i = 0; i < 3; i++) {
            quietly(() -> breaker.chat(ChatRequest.of("fail")));
        }
        time.advance(Duration.ofSeconds(11)); // those failures leave the window
        for (int i = 0; i < 3; i++) {
            breaker.chat(ChatRequest.of("ok"));
        }
        quietly(() -> breaker.chat(ChatRequest.of("fail")));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        for (int i = 0; i < 3; i++) {
            quietly(() -> breaker.chat(ChatRequest.of("fail")));
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void badRequestsDoNotTripIt() {
        FakeChatModel model = FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new InvalidRequestException("400"))).build();
        CircuitBreaker breaker = CircuitBreaker.builder("b", model).config(config).scheduler(time).build();

        for (int i = 0; i < 20; i++) {
            quietly(() -> breaker.chat(ChatRequest.of("x")));
        }

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(model.callCount()).isEqualTo(20);
    }

    @Test
    void slowCallsCanTripIt() {
        FakeChatModel model = FakeChatModel.builder().latency(Duration.ofSeconds(20)).scheduler(time).build();
        CircuitBreaker breaker = CircuitBreaker.builder("b", model)
                .config(config.withSlowCalls(Duration.ofSeconds(10), 0.8)).scheduler(time).build();

        for (int i = 0; i < 5; i++) {
            breaker.chat(ChatRequest.of("x"));
        }

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void underManyThreadsNoCallReachesTheModelWhileOpenAndProbesStayLimited() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicInteger concurrentProbes = new AtomicInteger();
        AtomicInteger maxProbes = new AtomicInteger();
        FakeChatModel model = FakeChatModel.builder().otherwiseStep(r -> {
            if (!healthy.get()) {
                return FakeChatModel.Step.fail(new ServerErrorException("503"));
            }
            return FakeChatModel.Step.respond("ok");
        }).build();
        CircuitBreaker breaker = CircuitBreaker.builder("stress", new dev.llmkit.api.ChatModel() {
            @Override
            public dev.llmkit.api.ChatResponse chat(ChatRequest request) {
                int now = concurrentProbes.incrementAndGet();
                maxProbes.accumulateAndGet(now, Math::max);
                try {
                    return model.chat(request);
                } finally {
                    concurrentProbes.decrementAndGet();
                }
            }

            @Override
            public dev.llmkit.api.StreamHandle stream(ChatRequest request, dev.llmkit.api.StreamHandler handler) {
                return model.stream(request, handler);
            }
        }).config(config).scheduler(time).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                fs.add(pool.submit(() -> quietly(() -> breaker.chat(ChatRequest.of("x")))));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            int callsWhileOpen = model.callCount();
            assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
            // only the calls admitted before it opened reached the model: at most one window's worth per thread race
            assertThat(callsWhileOpen).isLessThan(5 + 16);

            time.advance(Duration.ofSeconds(30));
            healthy.set(true);
            concurrentProbes.set(0);
            maxProbes.set(0);
            int before = model.callCount();
            fs.clear();
            for (int i = 0; i < 200; i++) {
                fs.add(pool.submit(() -> quietly(() -> breaker.chat(ChatRequest.of("x")))));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
            assertThat(model.callCount() - before).isGreaterThanOrEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
