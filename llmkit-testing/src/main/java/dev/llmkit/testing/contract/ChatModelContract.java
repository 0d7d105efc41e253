package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.event.CallEvent;
import dev.llmkit.api.event.CancelEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link ChatModel} — provider, fake or decorator — must show, each scenario run sync, async
 * and streamed: the answer, usage, errors, the stream's handle first, a stream stopped at its first token (as a
 * guardrail stops it) and, for models that report events, the call id on every event and exactly one final event
 * (response, error or cancel) per call, on timeout too. Extend it in a test class and say how to build a model that
 * answers and one that fails:
 *
 * <pre>{@code
 * class RetryingChatModelContractTest extends ChatModelContract {
 *     protected ChatModel modelAnswering(String text) { return Retry.wrap(FakeChatModel.always(text)); }
 *     protected ChatModel modelFailingWithServerError() { ... }
 * }
 * }</pre>
 */
public abstract class ChatModelContract {

    /** A model that answers every request with exactly {@code text} (streamed in one or more tokens). */
    protected abstract ChatModel modelAnswering(String text);

    /** A model whose provider fails every call with a server error (HTTP 500/503 or equivalent). */
    protected abstract ChatModel modelFailingWithServerError();

    /**
     * A model like {@link #modelAnswering(String)} that reports its events to {@code listener}; {@code null} (the
     * default) skips the scenarios about events. Providers and decorators that take a listener override it.
     */
    protected @Nullable ChatModel modelAnswering(String text, ChatModelListener listener) {
        return null;
    }

    /**
     * A model that never sends a first token and gives up after {@code firstTokenTimeout}, reporting to
     * {@code listener}; {@code null} (the default) skips the timeout scenario.
     */
    protected @Nullable ChatModel modelStalling(Duration firstTokenTimeout, ChatModelListener listener) {
        return null;
    }

    /** The request the scenarios send; override to add settings a provider needs. */
    protected ChatRequest request(String userText) {
        return ChatRequest.of(userText);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void answersWithTheModelsText(CallMode mode) {
        ChatResponse response = mode.call(modelAnswering("The answer is 42."), request("What is the answer?")).orFail();

        assertThat(response.text()).isEqualTo("The answer is 42.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isNotBlank();
        assertThat(response.latency().isNegative()).isFalse();
        assertThat(response.toolCalls()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void reportsNonNegativeUsage(CallMode mode) {
        ChatResponse response = mode.call(modelAnswering("ok"), request("Say ok")).orFail();

        assertThat(response.usage().inputTokens()).isNotNegative();
        assertThat(response.usage().outputTokens()).isNotNegative();
    }

    @ParameterizedTest
    @EnumSource(value = CallMode.class, names = "STREAM")
    void streamedTokensConcatenateToTheFinalText(CallMode mode) {
        CallMode.Outcome outcome = mode.call(modelAnswering("Streaming works one token at a time."), request("Stream"));

        assertThat(outcome.orFail().text()).isEqualTo("Streaming works one token at a time.");
        assertThat(String.join("", outcome.tokens())).isEqualTo(outcome.response().text());
        assertThat(outcome.tokens()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void serverErrorsSurfaceAsRetryableLlmExceptions(CallMode mode) {
        CallMode.Outcome outcome = mode.call(modelFailingWithServerError(), request("Hello"));

        assertThat(outcome.response()).isNull();
        assertThat(outcome.error()).isInstanceOf(LlmException.class);
        assertThat(outcome.error().isRetryable()).isTrue();
        assertThat(outcome.error().getMessage()).isNotBlank();
        assertThat(outcome.tokens()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = CallMode.class, names = "STREAM")
    void cancellingAFinishedStreamIsHarmless(CallMode mode) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger terminals = new AtomicInteger();
        StreamHandle handle = modelAnswering("done").stream(request("Hi"), new StreamHandler() {
            @Override
            public void onToken(String token) {
            }

            @Override
            public void onComplete(ChatResponse response) {
                terminals.incrementAndGet();
                done.countDown();
            }

            @Override
            public void onError(LlmException error) {
                terminals.incrementAndGet();
                done.countDown();
            }
        });
        assertThat(done.await(CallMode.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        handle.cancel();
        handle.cancel();

        assertThat(handle.isCancelled()).isTrue();
        Thread.sleep(Duration.ofMillis(50).toMillis()); // let a buggy late callback show itself
        assertThat(terminals).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(value = CallMode.class, names = "STREAM")
    void announcesTheStreamsHandleFirstAndOnce(CallMode mode) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<StreamHandle> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamHandle handle = modelAnswering("first things first").stream(request("Hi"), new StreamHandler() {
            @Override
            public void onStart(StreamHandle h) {
                order.add("start");
                announced.add(h);
            }

            @Override
            public void onToken(String token) {
                order.add("token");
            }

            @Override
            public void onComplete(ChatResponse response) {
                order.add("complete");
                done.countDown();
            }

            @Override
            public void onError(LlmException error) {
                order.add("error");
                done.countDown();
            }
        });
        assertThat(done.await(CallMode.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(order).first().isEqualTo("start");
        assertThat(order).filteredOn("start"::equals).hasSize(1);
        assertThat(order).last().isEqualTo("complete");
        assertThat(announced).containsExactly(handle);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void everyEventCarriesTheCallsIdAndTheCallEndsWithOneFinalEvent(CallMode mode) throws InterruptedException {
        RecordingListener events = new RecordingListener();
        ChatModel model = modelAnswering("Tied together.", events);
        assumeTrue(model != null, "the model under test reports no events");
        ChatRequest request = request("Hi");

        mode.call(model, request).orFail();

        List<CallEvent> finals = awaitFinalEvents(events);
        assertThat(finals).hasSize(1).first().isInstanceOf(ResponseEvent.class);
        assertThat(events.of(CallEvent.class)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.callId()).isEqualTo(request.context().callId()));
    }

    @ParameterizedTest
    @EnumSource(value = CallMode.class, names = "STREAM")
    void aStreamStoppedAtItsFirstTokenDeliversNothingMoreAndEndsWithACancelEvent(CallMode mode)
            throws InterruptedException {
        RecordingListener events = new RecordingListener();
        String text = "one two three four five six seven eight nine ten eleven twelve";
        ChatModel withEvents = modelAnswering(text, events);
        ChatModel model = withEvents != null ? withEvents : modelAnswering(text);
        AtomicInteger tokens = new AtomicInteger();
        AtomicInteger terminals = new AtomicInteger();
        AtomicReference<StreamHandle> started = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);

        model.stream(request("Count"), new StreamHandler() {
            @Override
            public void onStart(StreamHandle handle) {
                started.set(handle);
            }

            @Override
            public void onToken(String token) {
                if (tokens.incrementAndGet() == 1) {
                    started.get().cancel(); // what a stream guardrail does at the first bad token
                    stopped.countDown();
                }
            }

            @Override
            public void onComplete(ChatResponse response) {
                terminals.incrementAndGet();
                stopped.countDown();
            }

            @Override
            public void onError(LlmException error) {
                terminals.incrementAndGet();
                stopped.countDown();
            }
        });
        assertThat(stopped.await(CallMode.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Thread.sleep(100); // let a buggy late token or terminal callback show itself

        assertThat(tokens).hasValue(1);
        assertThat(terminals).hasValue(0);
        assertThat(started.get().isCancelled()).isTrue();
        if (withEvents != null) {
            List<CallEvent> finals = awaitFinalEvents(events);
            assertThat(finals).hasSize(1).first().isInstanceOf(CancelEvent.class);
        }
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aCallThatTimesOutFailsTypedAndEndsWithOneFinalEvent(CallMode mode) throws InterruptedException {
        RecordingListener events = new RecordingListener();
        ChatModel model = modelStalling(Duration.ofMillis(200), events);
        assumeTrue(model != null, "the model under test has no stalling variant");

        CallMode.Outcome outcome = mode.call(model, request("Hi"));

        assertThat(outcome.error()).isInstanceOf(LlmTimeoutException.class);
        assertThat(outcome.tokens()).isEmpty();
        List<CallEvent> finals = awaitFinalEvents(events);
        assertThat(finals).hasSize(1).first().isInstanceOf(ErrorEvent.class);
        assertThat(((ErrorEvent) finals.get(0)).error()).isInstanceOf(LlmTimeoutException.class);
    }

    /** The final events (response, error, cancel) once at least one arrived and a late duplicate had time to. */
    private static List<CallEvent> awaitFinalEvents(RecordingListener events) throws InterruptedException {
        long until = System.nanoTime() + CallMode.CALL_LIMIT.toNanos();
        while (finalEvents(events).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        return finalEvents(events);
    }

    private static List<CallEvent> finalEvents(RecordingListener events) {
        return events.of(CallEvent.class).stream()
                .filter(e -> e instanceof ResponseEvent || e instanceof ErrorEvent || e instanceof CancelEvent)
                .toList();
    }
}
