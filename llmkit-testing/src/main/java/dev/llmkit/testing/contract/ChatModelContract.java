package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link ChatModel} — provider, fake or decorator — must show, each scenario run sync, async
 * and streamed. Extend it in a test class and say how to build a model that answers and one that fails:
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
}
