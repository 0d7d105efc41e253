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

/** The promises about time and limits under faults: deadlines, one timer per stream, waits that never block. */
class TimeAndLimitsFaultTest {
    private final ManualScheduler time = new ManualScheduler();

    private static ScriptedModel throwing() {
        return new ScriptedModel((n, h) -> {
            throw new IllegalStateException("bug in the delegate");
        });
    }

    @Test
    void theRequestDeadlineBoundsTheStreamWhenItIsSoonerThanTheTotalLimit() {
        FakeChatModel hanging = FakeChatModel.builder().hang().build();
        Collect c = new Collect();
        ChatRequest request = ChatRequest.builder().user("hi").deadline(time.now().plusSeconds(3)).build();

        Timeouts.of(hanging, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), time).stream(request, c);
        time.advance(Duration.ofSeconds(3));

        assertThat(c.error).isInstanceOf(LlmTimeoutException.class).hasMessageContaining("deadline");
        assertThat(hanging.cancelledStreams()).isEqualTo(1);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void aSyncChatIsBoundedByTheTotalLimitPassedDownAsTheDeadline() {
        FakeChatModel hanging = FakeChatModel.builder().hang().scheduler(time).build();

        assertThatCode(() -> Timeouts.of(hanging, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3), time)
                .chat(ChatRequest.of("hi"))).isInstanceOf(LlmTimeoutException.class);

        assertThat(hanging.requests().get(0).deadline()).contains(ManualScheduler.START.plusSeconds(3));
        assertThat(time.totalSlept()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aStreamHoldsOneTimerHoweverManyTokensItDelivers() {
        ScriptedModel model = ScriptedModel.open();
        Collect c = new Collect();
        Timeouts.of(model, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(5), time)
                .stream(ChatRequest.of("hi"), c);
        for (int i = 0; i < 50; i++) {
            time.advance(Duration.ofSeconds(1));
            model.last().onToken("t" + i);
            assertThat(time.pendingTasks()).isLessThanOrEqualTo(1);
        }
        time.advance(Duration.ofSeconds(4));
        assertThat(c.terminals.get()).isZero(); // 4 s of silence is under the 5 s idle limit: the timer re-armed
        model.last().onComplete(ChatResponse.of("done", "m"));

        assertThat(c.tokens).hasSize(50);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void anIdleTimeoutAfterOutputCarriesWhatWasDeliveredAndNothingFollowsTheError() {
        ScriptedModel model = ScriptedModel.open();
        Collect c = new Collect();
        Timeouts.of(model, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ZERO, time).stream(ChatRequest.of("hi"), c);
        model.last().onToken("Hel");
        time.advance(Duration.ofSeconds(2));
        model.last().onToken("lo"); // a late token from the cancelled stream
        model.last().onComplete(ChatResponse.of("Hello", "m"));

        assertThat(c.text()).isEqualTo("Hel");
        assertThat(c.terminals.get()).isEqualTo(1);
        assertThat(((StreamInterruptedException) c.error).partialText()).isEqualTo("Hel");
        assertThat(model.cancels.get()).isEqualTo(1);
    }

    @Test
    void aTimerThatFiresWhileTheHandlerIsBusyNeitherBlocksNorOverlapsIt() throws Exception {
        ScriptedModel model = ScriptedModel.open();
        java.util.concurrent.CountDownLatch inToken = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger concurrent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxConcurrent = new java.util.concurrent.atomic.AtomicInteger();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamHandler slow = new StreamHandler() {
            private void enter(String what) {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                order.add(what);
            }

            @Override
            public void onToken(String token) {
                enter("token");
                inToken.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                concurrent.decrementAndGet();
            }

            @Override
            public void onComplete(ChatResponse response) {
                enter("complete");
                concurrent.decrementAndGet();
            }

            @Override
            public void onError(LlmException error) {
                enter("error");
                concurrent.decrementAndGet();
            }
        };
        Timeouts.of(model, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3), time).stream(ChatRequest.of("hi"), slow);
        Thread producer = new Thread(() -> model.last().onToken("a"));
        producer.start();
        assertThat(inToken.await(10, TimeUnit.SECONDS)).isTrue();

        time.advance(Duration.ofSeconds(3)); // returns although the handler is busy on the other thread
        assertThat(order).containsExactly("token");
        release.countDown();
        producer.join(10_000);
        model.last().onToken("late");

        assertThat(order).containsExactly("token", "error");
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void aStreamWaitingForABulkheadSlotNeverBlocksTheCallerAndStartsWhenOneFrees() {
        ScriptedModel model = ScriptedModel.open();
        Bulkhead bulkhead = Bulkhead.of(model, 1, Duration.ofSeconds(2), time);
        Collect first = new Collect();
        bulkhead.stream(ChatRequest.of("1"), first);
        Collect queued = new Collect();
        Collect refused = new Collect();

        bulkhead.stream(ChatRequest.of("2"), queued);     // returns at once: no thread waits
        assertThat(model.calls.get()).isEqualTo(1);
        model.last().onComplete(ChatResponse.of("one", "m"));
        assertThat(model.calls.get()).isEqualTo(2);       // started on the thread that freed the slot
        bulkhead.stream(ChatRequest.of("3"), refused);
        time.advance(Duration.ofSeconds(2));

        assertThat(refused.error).isInstanceOf(BulkheadFullException.class);
        assertThat(time.pendingTasks()).isZero();
        model.last().onComplete(ChatResponse.of("two", "m"));
        assertThat(queued.response.text()).isEqualTo("two");
        assertThat(bulkhead.availableSlots()).isEqualTo(1);
    }

    @Test
    void aBulkheadWaitIsBoundedByTheRequestDeadline() {
        ScriptedModel model = ScriptedModel.open();
        Bulkhead bulkhead = Bulkhead.of(model, 1, Duration.ofSeconds(30), time);
        bulkhead.stream(ChatRequest.of("1"), new Collect());
        Collect late = new Collect();
        bulkhead.stream(ChatRequest.builder().user("2").deadline(time.now().plusSeconds(1)).build(), late);

        time.advance(Duration.ofSeconds(1));

        assertThat(late.error).isInstanceOf(BulkheadFullException.class);
    }

    @Test
    void aRateLimitedStreamWhoseDelayedStartFailsReachesTheHandlerAndRefundsItsTokens() {
        ScriptedModel model = new ScriptedModel((n, h) -> {
            if (n == 2) {
                throw new IllegalStateException("start failed");
            }
        });
        // plenty of requests, few tokens: the second call waits about 6 s for tokens, far too little to refill them all
        RateLimiter limiter = RateLimiter.of(model, 10_000, 10_000, Duration.ofMinutes(2), time,
                dev.llmkit.api.TokenCounter.estimator());
        limiter.stream(ChatRequest.builder().user("first").maxOutputTokens(9_000).build(), new Collect());
        Collect c = new Collect();

        limiter.stream(ChatRequest.builder().user("second").maxOutputTokens(2_000).build(), c);
        time.advance(Duration.ofSeconds(7));

        assertThat(c.error).hasMessageContaining("start failed");
        // refilled by 7 s of 10,000 tokens per minute, plus the 2,000-odd refunded; without the refund it is near 0
        assertThat(limiter.availableTokens()).isGreaterThan(1_900);
    }

    @Test
    void aHedgeWhoseSecondaryThrowsStillAnswersFromThePrimary() {
        ScriptedModel primary = ScriptedModel.open();
        Collect c = new Collect();
        Hedge.of(primary, throwing(), Duration.ofSeconds(1), time).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(1));
        primary.last().onToken("ok");
        primary.last().onComplete(ChatResponse.of("ok", "m"));

        assertThat(c.response.text()).isEqualTo("ok");
        assertThat(c.terminals.get()).isEqualTo(1);
    }

    @Test
    void aRateLimiterDoesNotWaitPastTheRequestDeadline() {
        ScriptedModel model = ScriptedModel.open();
        RateLimiter limiter = RateLimiter.of(model, 1, 10_000, Duration.ofMinutes(2), time,
                dev.llmkit.api.TokenCounter.estimator());
        limiter.stream(ChatRequest.of("first"), new Collect());
        Collect c = new Collect();

        limiter.stream(ChatRequest.builder().user("second").deadline(time.now().plusSeconds(5)).build(), c);

        assertThat(c.error).isInstanceOf(dev.llmkit.api.error.RequestRateLimitedException.class);
        assertThat(model.calls.get()).isEqualTo(1);
    }

    @Test
    void aHedgeDoesNotFireAfterTheDeadlineNorStayQueuedOnceThePrimaryAnswered() {
        ScriptedModel primary = ScriptedModel.open();
        ScriptedModel secondary = ScriptedModel.open();
        Hedge hedge = Hedge.of(primary, secondary, Duration.ofSeconds(2), time);
        hedge.stream(ChatRequest.builder().user("hi").deadline(time.now().plusSeconds(1)).build(), new Collect());
        assertThat(time.pendingTasks()).isZero();

        ScriptedModel fast = new ScriptedModel((n, h) -> {
            h.onToken("at once");
            h.onComplete(ChatResponse.of("at once", "m"));
        });
        Collect c = new Collect();
        Hedge.of(fast, secondary, Duration.ofSeconds(2), time).stream(ChatRequest.of("hi"), c);

        assertThat(c.response).isNotNull();
        assertThat(time.pendingTasks()).isZero();
        time.advance(Duration.ofSeconds(5));
        assertThat(secondary.calls.get()).isZero();
    }

    @Test
    void aSchedulerThatRefusesTasksEndsTheCallInOneOnErrorInsteadOfAThrow() {
        dev.llmkit.api.Scheduler refusing = new dev.llmkit.api.Scheduler() {
            @Override
            public java.time.Instant now() {
                return time.now();
            }

            @Override
            public long nanoTime() {
                return time.nanoTime();
            }

            @Override
            public void sleep(Duration duration) {
                time.advance(duration);
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new java.util.concurrent.RejectedExecutionException("executor shut down");
            }
        };
        Map<String, Function<ChatModel, ChatModel>> timed = Map.of(
                "retry", m -> Retry.builder(m).scheduler(refusing).build(),
                "timeouts", m -> Timeouts.of(m, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), refusing),
                "bulkhead waiting", m -> Bulkhead.of(m, 1, Duration.ofSeconds(5), refusing),
                "rate limiter waiting", m -> RateLimiter.of(m, 1, 100_000, Duration.ofMinutes(2), refusing,
                        dev.llmkit.api.TokenCounter.estimator()));
        timed.forEach((name, decorate) -> {
            ScriptedModel inner = new ScriptedModel((n, h) -> {
                if (name.equals("retry")) {
                    h.onError(new ServerErrorException("retryable"));
                }
            });
            ChatModel model = decorate.apply(inner);
            model.stream(ChatRequest.of("first"), new Collect()); // takes the bulkhead slot or the rate-limit request
            Collect c = new Collect();

            assertThatCode(() -> model.stream(ChatRequest.of("second"), c)).as(name).doesNotThrowAnyException();

            assertThat(c.terminals.get()).as(name).isEqualTo(1);
            assertThat(c.error).as(name).isInstanceOf(LlmException.class);
            if (name.equals("timeouts")) {
                assertThat(inner.calls.get()).as("a call without its time limits is not sent").isZero();
            }
        });
    }
}
