package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.BulkheadFullException;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.RequestRateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.HedgeEvent;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.TimeoutEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each refusal, timeout, hedge, retry and fallback is reported once, with the call id and attempt it belongs to. */
class ResilienceEventsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingListener events = new RecordingListener();

    @Test
    void aFullBulkheadReportsOneRejectionPerRefusedCallSyncAndStreamed() {
        ScriptedModel model = ScriptedModel.open();
        Bulkhead bulkhead = Bulkhead.builder(model).name("gpu").maxConcurrent(1).maxWait(Duration.ZERO).scheduler(time)
                .listener(events).build();
        bulkhead.stream(ChatRequest.of("holds the slot"), new Collect());
        ChatRequest refused = ChatRequest.of("refused");

        assertThatThrownBy(() -> bulkhead.chat(refused)).isInstanceOf(BulkheadFullException.class);
        Collect c = new Collect();
        bulkhead.stream(ChatRequest.of("also refused"), c);

        assertThat(events.of(RejectedEvent.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(RejectedEvent.Reason.BULKHEAD_FULL);
            assertThat(e.component()).isEqualTo("gpu");
            assertThat(e.error()).isInstanceOf(BulkheadFullException.class);
        });
        RejectedEvent first = events.of(RejectedEvent.class).get(0);
        assertThat(first.callId()).isEqualTo(refused.context().callId());
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(events.of(RejectedEvent.class).get(1).error()).isSameAs(c.error);
    }

    @Test
    void aStreamThatWaitsForASlotInVainIsReportedOnceWhenTheWaitEnds() {
        ScriptedModel model = ScriptedModel.open();
        Bulkhead bulkhead = Bulkhead.builder(model).maxConcurrent(1).maxWait(Duration.ofSeconds(1)).scheduler(time)
                .listener(events).build();
        bulkhead.stream(ChatRequest.of("holds the slot"), new Collect());
        Collect c = new Collect();
        bulkhead.stream(ChatRequest.of("waits"), c);
        assertThat(events.of(RejectedEvent.class)).isEmpty();

        time.advance(Duration.ofSeconds(1));

        assertThat(c.error).isInstanceOf(BulkheadFullException.class);
        assertThat(events.of(RejectedEvent.class)).singleElement().satisfies(e -> assertThat(e.error()).isSameAs(c.error));
    }

    @Test
    void aRateLimiterReportsEachRefusalButNotACallThatWaits() {
        RateLimiter limiter = RateLimiter.builder(FakeChatModel.echo(), 1, 1_000_000).maxWait(Duration.ZERO)
                .scheduler(time).tokenCounter(TokenCounter.estimator()).listener(events).build();
        limiter.chat(ChatRequest.of("hi"));

        assertThatThrownBy(() -> limiter.chat(ChatRequest.of("hi"))).isInstanceOf(RequestRateLimitedException.class);
        Collect c = new Collect();
        limiter.stream(ChatRequest.of("hi"), c);

        assertThat(events.of(RejectedEvent.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(RejectedEvent.Reason.RATE_LIMITED);
            assertThat(e.component()).isEqualTo("rate-limiter");
        });
        assertThat(events.of(RejectedEvent.class).get(1).error()).isSameAs(c.error);

        RateLimiter patient = RateLimiter.builder(FakeChatModel.echo(), 1, 1_000_000).maxWait(Duration.ofMinutes(2))
                .scheduler(time).listener(events).build();
        patient.chat(ChatRequest.of("hi"));
        patient.chat(ChatRequest.of("hi")); // waits a minute: not a rejection
        assertThat(events.of(RejectedEvent.class)).hasSize(2);
    }

    @Test
    void anOpenBreakerReportsEachRefusalWithItsName() {
        FakeChatModel failing = FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("503"))).build();
        CircuitBreaker breaker = CircuitBreaker.builder("openai", failing)
                .config(CircuitBreakerConfig.DEFAULTS.withWindow(2, 2)).scheduler(time).listener(events).build();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.chat(ChatRequest.of("x"))).isInstanceOf(ServerErrorException.class);
        }
        assertThat(events.of(RejectedEvent.class)).isEmpty();

        assertThatThrownBy(() -> breaker.chat(ChatRequest.of("x"))).isInstanceOf(CircuitOpenException.class);
        Collect c = new Collect();
        breaker.stream(ChatRequest.of("x"), c);

        assertThat(events.of(RejectedEvent.class)).hasSize(2).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(RejectedEvent.Reason.CIRCUIT_OPEN);
            assertThat(e.component()).isEqualTo("openai");
        });
        assertThat(events.of(RejectedEvent.class).get(1).error()).isSameAs(c.error);
    }

    @Test
    void eachTimeLimitReportsWhichLimitFiredOnce() {
        ScriptedModel silent = ScriptedModel.open();
        Timeouts.builder(silent).firstToken(Duration.ofSeconds(5)).idle(Duration.ofSeconds(2))
                .total(Duration.ofSeconds(30)).scheduler(time).listener(events).build()
                .stream(ChatRequest.of("first"), new Collect());
        time.advance(Duration.ofSeconds(6));

        ScriptedModel stalls = ScriptedModel.open();
        Timeouts.builder(stalls).firstToken(Duration.ofSeconds(5)).idle(Duration.ofSeconds(2))
                .total(Duration.ofSeconds(30)).scheduler(time).listener(events).build()
                .stream(ChatRequest.of("idle"), new Collect());
        stalls.last().onToken("a");
        time.advance(Duration.ofSeconds(3));

        ScriptedModel chatty = ScriptedModel.open();
        Timeouts.builder(chatty).firstToken(Duration.ofSeconds(5)).idle(Duration.ofSeconds(2))
                .total(Duration.ofSeconds(4)).scheduler(time).listener(events).build()
                .stream(ChatRequest.of("total"), new Collect());
        for (int i = 0; i < 5; i++) {
            chatty.last().onToken("t");
            time.advance(Duration.ofSeconds(1));
        }
        chatty.last().onComplete(ChatResponse.of("late", "m"));

        assertThat(events.of(TimeoutEvent.class)).extracting(TimeoutEvent::limit).containsExactly(
                TimeoutEvent.Limit.FIRST_TOKEN, TimeoutEvent.Limit.IDLE, TimeoutEvent.Limit.TOTAL);
        assertThat(events.of(TimeoutEvent.class)).extracting(TimeoutEvent::configured).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(events.of(TimeoutEvent.class)).extracting(e -> e.request().lastUserText())
                .containsExactly("first", "idle", "total");
    }

    @Test
    void aSyncCallEndedByTheTotalLimitIsReportedAsTotal() {
        FakeChatModel hanging = FakeChatModel.builder().hang().scheduler(time).build();
        Timeouts timeouts = Timeouts.builder(hanging).total(Duration.ofSeconds(3)).scheduler(time).listener(events)
                .build();

        assertThatThrownBy(() -> timeouts.chat(ChatRequest.of("hi"))).isInstanceOf(LlmTimeoutException.class);

        assertThat(events.of(TimeoutEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.limit()).isEqualTo(TimeoutEvent.Limit.TOTAL);
            assertThat(e.configured()).isEqualTo(Duration.ofSeconds(3));
            assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void aHedgeIsReportedOnceAsTheCallsNextAttemptAndOnlyWhenItStarts() {
        FakeChatModel slow = FakeChatModel.builder().stream("slow").latency(Duration.ofSeconds(5)).scheduler(time).build();
        FakeChatModel fast = FakeChatModel.builder().stream("fast").latency(Duration.ofSeconds(1)).scheduler(time).build();
        Hedge hedge = Hedge.builder(slow, fast, Duration.ofSeconds(2)).scheduler(time).listener(events).build();
        ChatRequest request = ChatRequest.of("hi");

        hedge.stream(request, new Collect());
        time.advance(Duration.ofSeconds(10));

        assertThat(events.of(HedgeEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.callId()).isEqualTo(request.context().callId());
            assertThat(e.attempt()).isEqualTo(2);
            assertThat(e.delay()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(fast.requests().get(0).attempt()).isEqualTo(2);
        assertThat(slow.requests().get(0).attempt()).isEqualTo(1);

        FakeChatModel quick = FakeChatModel.builder().stream("ok").latency(Duration.ofSeconds(1)).scheduler(time).build();
        Hedge.builder(quick, fast, Duration.ofSeconds(2)).scheduler(time).listener(events).build()
                .stream(ChatRequest.of("hi"), new Collect());
        time.advance(Duration.ofSeconds(10));
        assertThat(events.of(HedgeEvent.class)).hasSize(1);
    }

    @Test
    void retryAndFallbackEventsAndTheRejectionsInsideThemCarryTheAttemptNumber() {
        FakeChatModel failing = FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("503"))).build();
        CircuitBreaker breaker = CircuitBreaker.builder("primary", failing)
                .config(CircuitBreakerConfig.DEFAULTS.withWindow(2, 2)).scheduler(time).listener(events).build();
        ChatModelStack stack = new ChatModelStack(breaker);
        ChatRequest request = ChatRequest.of("hi");

        String answer = stack.model(time, events).chat(request).text();

        assertThat(answer).isEqualTo("spare");
        assertThat(events.of(RetryEvent.class)).extracting(RetryEvent::attempt).containsExactly(2, 3);
        assertThat(events.of(RejectedEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.attempt()).isEqualTo(3); // the third attempt found the breaker open
            assertThat(e.reason()).isEqualTo(RejectedEvent.Reason.CIRCUIT_OPEN);
        });
        assertThat(events.of(FallbackEvent.class)).singleElement().satisfies(e -> assertThat(e.attempt()).isEqualTo(4));
        assertThat(events.events()).filteredOn(e -> e instanceof dev.llmkit.api.event.CallEvent)
                .allSatisfy(e -> assertThat(((dev.llmkit.api.event.CallEvent) e).callId())
                        .isEqualTo(request.context().callId()));
    }

    @Test
    void aStreamedRetryGivesEachAttemptTheNextNumberAndItsEventSaysWhich() {
        FakeChatModel flaky = FakeChatModel.builder().fail(new ServerErrorException("503"))
                .fail(new ServerErrorException("503")).stream("ok").build();
        Retry retry = Retry.builder(flaky).config(RetryConfig.attempts(3)).scheduler(time).listener(events).build();
        ChatRequest request = ChatRequest.of("hi");
        Collect c = new Collect();

        retry.stream(request, c);
        time.advance(Duration.ofMinutes(2));

        assertThat(c.text()).isEqualTo("ok");
        assertThat(flaky.requests()).extracting(r -> r.attempt()).containsExactly(1, 2, 3);
        assertThat(flaky.requests()).extracting(r -> r.context().callId()).containsOnly(request.context().callId());
        assertThat(events.of(RetryEvent.class)).extracting(RetryEvent::attempt).containsExactly(2, 3);
    }

    /** Fallback(Retry(breaker), spare): retries reach the open breaker, then the spare answers. */
    private record ChatModelStack(CircuitBreaker breaker) {
        dev.llmkit.api.ChatModel model(ManualScheduler time, RecordingListener events) {
            Retry retry = Retry.builder(breaker).config(RetryConfig.attempts(3)).scheduler(time).listener(events).build();
            return Fallback.of(java.util.List.of(retry, FakeChatModel.always("spare")), events,
                    Fallback.DEFAULT_FAIL_OVER);
        }
    }
}
