package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.BulkheadFullException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The promises every decorator keeps under faults: one failure path, cancel that reaches, no replayed output. */
class FaultContractTest {
    private final ManualScheduler time = new ManualScheduler();

    private static ScriptedModel throwing() {
        return new ScriptedModel((n, h) -> {
            throw new IllegalStateException("bug in the delegate");
        });
    }

    private Map<String, Function<ChatModel, ChatModel>> everyDecorator() {
        return Map.of(
                "retry", m -> Retry.builder(m).scheduler(time).build(),
                "fallback", m -> Fallback.of(m, m),
                "timeouts", m -> Timeouts.of(m, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), time),
                "bulkhead", m -> Bulkhead.of(m, 2, Duration.ZERO, time),
                "breaker", m -> CircuitBreaker.builder("b", m).scheduler(time).build(),
                "rate limiter", m -> RateLimiter.of(m, 100, 100_000, Duration.ZERO, time,
                        dev.llmkit.api.TokenCounter.estimator()),
                "hedge", m -> Hedge.of(m, m, Duration.ofSeconds(1), time),
                "full stack", m -> Resilient.builder().scheduler(time).build(m));
    }

    @Test
    void streamOfEveryDecoratorNeverThrowsAndEndsInOneOnErrorWhenTheDelegateThrows() {
        everyDecorator().forEach((name, decorate) -> {
            ChatModel model = decorate.apply(throwing());
            Collect c = new Collect();
            assertThatCode(() -> model.stream(ChatRequest.of("hi"), c)).as(name).doesNotThrowAnyException();
            time.advance(Duration.ofMinutes(1));
            assertThat(c.terminals.get()).as(name).isEqualTo(1);
            assertThat(c.error).as(name).isInstanceOf(LlmException.class).hasMessageContaining("bug in the delegate");
            CompletableFuture<ChatResponse> f = decorate.apply(throwing()).chatAsync(ChatRequest.of("hi"));
            time.advance(Duration.ofMinutes(1));
            assertThat(f).as(name).isCompletedExceptionally();
        });
    }

    @Test
    void aHandlerThatThrowsFromOnTokenGetsOneOnErrorAndTheStreamIsCancelled() {
        // the layers that deliver callbacks themselves; pass-through layers leave it to the source (the provider)
        Map<String, Function<ChatModel, ChatModel>> owning = Map.of(
                "retry", m -> Retry.builder(m).scheduler(time).build(),
                "fallback", m -> Fallback.of(m, m),
                "timeouts", m -> Timeouts.of(m, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), time),
                "hedge", m -> Hedge.of(m, m, Duration.ofSeconds(1), time),
                "full stack", m -> Resilient.builder().scheduler(time).build(m));
        owning.forEach((name, decorate) -> {
            ScriptedModel inner = ScriptedModel.open();
            Collect c = new Collect() {
                @Override
                public void onToken(String token) {
                    throw new IllegalArgumentException("handler bug");
                }
            };
            decorate.apply(inner).stream(ChatRequest.of("hi"), c);
            inner.last().onToken("a");
            inner.last().onComplete(ChatResponse.of("a", "m"));
            assertThat(c.terminals.get()).as(name).isEqualTo(1);
            assertThat(c.error).as(name).hasRootCauseInstanceOf(IllegalArgumentException.class);
            assertThat(inner.cancels.get()).as(name).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void cancelReachesTheFallbackWhenThePrimaryFailedSynchronously() {
        ScriptedModel primary = new ScriptedModel((n, h) -> h.onError(new ServerErrorException("down")));
        ScriptedModel secondary = ScriptedModel.open();
        Collect c = new Collect();

        StreamHandle handle = Fallback.of(primary, secondary).stream(ChatRequest.of("hi"), c);
        handle.cancel();

        assertThat(secondary.calls.get()).isEqualTo(1);
        assertThat(secondary.cancels.get()).isEqualTo(1);
        assertThat(c.terminals.get()).isZero();
    }

    @Test
    void cancelReachesTheLiveRetryAttemptAndAPendingWait() {
        ScriptedModel model = new ScriptedModel((n, h) -> {
            if (n == 1) {
                h.onError(new ServerErrorException("first attempt fails at once"));
            }
        });
        Collect c = new Collect();
        StreamHandle handle = Retry.builder(model).scheduler(time).random(() -> 0.5).build().stream(ChatRequest.of("hi"), c);
        assertThat(time.pendingTasks()).isEqualTo(1); // the wait before attempt 2
        time.advance(Duration.ofSeconds(5));
        assertThat(model.calls.get()).isEqualTo(2);

        handle.cancel();

        assertThat(model.cancels.get()).isEqualTo(1);
        assertThat(c.terminals.get()).isZero();

        ScriptedModel failing = new ScriptedModel((n, h) -> h.onError(new ServerErrorException("fails")));
        StreamHandle waiting = Retry.builder(failing).scheduler(time).build().stream(ChatRequest.of("hi"), new Collect());
        assertThat(time.pendingTasks()).isEqualTo(1);
        waiting.cancel();
        assertThat(time.pendingTasks()).isZero();
        time.advance(Duration.ofMinutes(1));
        assertThat(failing.calls.get()).isEqualTo(1);
    }

    @Test
    void aToolCallCountsAsDeliveredOutputSoNothingIsReplayed() {
        ToolCall call = new ToolCall("c1", "pay", "{\"amount\":10}");
        Map<String, Function<ChatModel, ChatModel>> replaying = Map.of(
                "retry", m -> Retry.builder(m).scheduler(time).build(),
                "fallback", m -> Fallback.of(m, m),
                "hedge", m -> Hedge.of(m, m, Duration.ofSeconds(1), time));
        replaying.forEach((name, decorate) -> {
            ScriptedModel model = new ScriptedModel((n, h) -> {
                h.onToolCall(call);
                h.onError(new ServerErrorException("connection dropped after the tool call"));
            });
            Collect c = new Collect();
            decorate.apply(model).stream(ChatRequest.of("pay"), c);
            time.advance(Duration.ofMinutes(1));
            assertThat(model.calls.get()).as(name).isEqualTo(1);
            assertThat(c.terminals.get()).as(name).isEqualTo(1);
            assertThat(c.error).as(name).isInstanceOf(StreamInterruptedException.class);
            assertThat(c.error.isRetryable()).as(name).isFalse();
            assertThat(((StreamInterruptedException) c.error).toolCallsDelivered()).as(name).isEqualTo(1);
        });
    }

    @Test
    void aHalfOpenProbeThatThrowsARuntimeExceptionGivesItsPermitBack() {
        CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULTS.withWindow(2, 2).withOpenWait(Duration.ofSeconds(10), 1);
        boolean[] broken = {true};
        ScriptedModel model = new ScriptedModel((n, h) -> {
            if (broken[0]) {
                throw new IllegalStateException("bug");
            }
            h.onComplete(ChatResponse.of("ok", "m"));
        });
        CircuitBreaker breaker = CircuitBreaker.builder("b", model).config(config).scheduler(time).build();
        breaker.stream(ChatRequest.of("1"), new Collect());
        breaker.stream(ChatRequest.of("2"), new Collect());
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        time.advance(Duration.ofSeconds(10));
        breaker.stream(ChatRequest.of("probe throws"), new Collect());
        time.advance(Duration.ofSeconds(10));
        broken[0] = false;

        Collect c = new Collect();
        breaker.stream(ChatRequest.of("probe succeeds"), c);

        assertThat(c.response).isNotNull();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aCallAdmittedWhileClosedIsNotCountedAsAHalfOpenProbeWhenItFinishesLate() {
        CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULTS.withWindow(2, 2).withOpenWait(Duration.ofSeconds(10), 1);
        ScriptedModel model = ScriptedModel.open();
        CircuitBreaker breaker = CircuitBreaker.builder("b", model).config(config).scheduler(time).build();
        breaker.stream(ChatRequest.of("slow, admitted while closed"), new Collect());
        StreamHandler slow = model.last();
        breaker.stream(ChatRequest.of("a"), new Collect());
        model.last().onError(new ServerErrorException("down"));
        breaker.stream(ChatRequest.of("b"), new Collect());
        model.last().onError(new ServerErrorException("down"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);

        slow.onComplete(ChatResponse.of("late", "m"));

        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void afterCancelNoDecoratorCallsBackAndNoTimerIsLeft() {
        everyDecorator().forEach((name, decorate) -> {
            ScriptedModel inner = ScriptedModel.open();
            Collect c = new Collect();
            StreamHandle handle = decorate.apply(inner).stream(ChatRequest.of("hi"), c);
            inner.last().onToken("a");

            handle.cancel();
            time.advance(Duration.ofMinutes(10));

            assertThat(c.terminals.get()).as(name).isZero();
            assertThat(time.pendingTasks()).as(name).isZero();
            assertThat(inner.cancels.get()).as(name).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void everyDecoratorAnnouncesItsOwnHandleFirstSoAHandlerCanStopTheStreamAtABadToken() {
        everyDecorator().forEach((name, decorate) -> {
            ScriptedModel inner = ScriptedModel.open(); // never calls onStart itself
            List<String> order = new java.util.ArrayList<>();
            StreamHandle[] started = new StreamHandle[1];
            Collect c = new Collect() {
                @Override
                public void onStart(StreamHandle handle) {
                    order.add("start");
                    started[0] = handle;
                }

                @Override
                public void onToken(String token) {
                    order.add(token);
                    if (token.equals("bad")) {
                        started[0].cancel(); // a guardrail stopping the stream
                    }
                }
            };
            StreamHandle returned = decorate.apply(inner).stream(ChatRequest.of("hi"), c);
            time.advance(Duration.ofSeconds(2));
            inner.last().onToken("ok");
            inner.last().onToken("bad");
            inner.last().onToken("more");
            inner.last().onComplete(ChatResponse.of("ok bad more", "m"));
            time.advance(Duration.ofMinutes(10));

            assertThat(order).as(name).containsExactly("start", "ok", "bad");
            assertThat(started[0]).as(name).isSameAs(returned);
            assertThat(c.terminals.get()).as(name).isZero();
            assertThat(inner.cancels.get()).as(name).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void aHandlerWhoseOnStartThrowsGetsOneOnErrorAndNothingStarts() {
        everyDecorator().forEach((name, decorate) -> {
            ScriptedModel inner = ScriptedModel.open();
            Collect c = new Collect() {
                @Override
                public void onStart(StreamHandle handle) {
                    throw new IllegalStateException("bad onStart");
                }
            };
            decorate.apply(inner).stream(ChatRequest.of("hi"), c);
            time.advance(Duration.ofMinutes(1));

            assertThat(c.terminals.get()).as(name).isEqualTo(1);
            assertThat(c.error).as(name).hasRootCauseInstanceOf(IllegalStateException.class);
            assertThat(inner.calls.get()).as(name).isZero();
        });
    }

    @Test
    void passThroughLayersGiveOneTerminalWhenTheDelegateReportsAndThenThrows() {
        Map<String, Function<ChatModel, ChatModel>> passThrough = Map.of(
                "bulkhead", m -> Bulkhead.of(m, 2, Duration.ZERO, time),
                "breaker", m -> CircuitBreaker.builder("b", m).scheduler(time).build(),
                "rate limiter", m -> RateLimiter.of(m, 100, 100_000, Duration.ZERO, time,
                        dev.llmkit.api.TokenCounter.estimator()));
        passThrough.forEach((name, decorate) -> {
            ScriptedModel reportsThenThrows = new ScriptedModel((n, h) -> {
                h.onError(new ServerErrorException("reported"));
                throw new IllegalStateException("and thrown");
            });
            Collect c = new Collect();
            decorate.apply(reportsThenThrows).stream(ChatRequest.of("hi"), c);

            assertThat(c.terminals.get()).as(name).isEqualTo(1);
            assertThat(c.error).as(name).hasMessageContaining("reported");
        });
    }
}
