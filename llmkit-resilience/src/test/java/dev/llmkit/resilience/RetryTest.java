package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingListener events = new RecordingListener();

    private Retry retry(FakeChatModel model, RetryConfig config) {
        return Retry.builder(model).config(config).scheduler(time).listener(events).random(() -> 0.999).build();
    }

    @Test
    void retriesRetryableFailuresWithGrowingJitteredBackoff() {
        FakeChatModel model = FakeChatModel.builder().fail(new ServerErrorException("503")).fail(new ServerErrorException("503"))
                .respond("ok").scheduler(time).build();

        ChatResponse r = retry(model, RetryConfig.attempts(3)).chat(ChatRequest.of("hi"));

        assertThat(r.text()).isEqualTo("ok");
        assertThat(r.attribute(ChatResponse.ATTR_ATTEMPTS)).contains("3");
        assertThat(events.of(RetryEvent.class)).extracting(RetryEvent::attempt).containsExactly(2, 3);
        // caps of 500 ms then 1 s, jitter pinned near the cap
        assertThat(events.of(RetryEvent.class).get(0).delay()).isBetween(Duration.ofMillis(490), Duration.ofMillis(500));
        assertThat(events.of(RetryEvent.class).get(1).delay()).isBetween(Duration.ofMillis(990), Duration.ofMillis(1000));
    }

    @Test
    void neverRetriesSoonerThanRetryAfter() {
        RateLimitedException limited = new RateLimitedException("429", null,
                ErrorInfo.builder().retryAfter(Duration.ofSeconds(7)).build());
        FakeChatModel model = FakeChatModel.builder().fail(limited).respond("ok").scheduler(time).build();

        retry(model, RetryConfig.attempts(3)).chat(ChatRequest.of("hi"));

        assertThat(time.totalSlept()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aBadRequestIsNotRetried() {
        FakeChatModel model = FakeChatModel.builder().fail(new InvalidRequestException("400")).respond("ok").build();

        assertThatThrownBy(() -> retry(model, RetryConfig.attempts(5)).chat(ChatRequest.of("hi")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void givesUpWhenTheWaitWouldPassTheRequestDeadline() {
        FakeChatModel model = FakeChatModel.builder().fail(new RateLimitedException("429", null,
                ErrorInfo.builder().retryAfter(Duration.ofSeconds(30)).build())).respond("ok").build();
        ChatRequest request = ChatRequest.builder().user("hi").deadline(time.now().plusSeconds(10)).build();

        assertThatThrownBy(() -> retry(model, RetryConfig.attempts(3)).chat(request)).isInstanceOf(RateLimitedException.class);
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void retriesNeverExceedTheBudget() {
        FakeChatModel model = FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("down"))).build();
        Retry r = retry(model, RetryConfig.attempts(5).withBackoff(Duration.ZERO, Duration.ZERO)
                .withBudget(0.1, 5, Duration.ofSeconds(10)));

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> r.chat(ChatRequest.of("hi"))).isInstanceOf(ServerErrorException.class);
        }

        int retries = model.callCount() - 100;
        assertThat(retries).isLessThanOrEqualTo(5 + 10).isPositive();
        assertThat(events.of(RetryEvent.class)).hasSize(retries);
    }

    @Test
    void aStreamIsRetriedTransparentlyBeforeItsFirstToken() {
        FakeChatModel model = FakeChatModel.builder().fail(new ServerErrorException("503")).stream("Hel", "lo").build();
        Collect c = new Collect();

        retry(model, RetryConfig.attempts(3)).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(1));

        assertThat(c.tokens).containsExactly("Hel", "lo");
        assertThat(c.response.text()).isEqualTo("Hello");
        assertThat(c.terminals).hasValue(1);
    }

    @Test
    void aStreamThatFailsAfterTokensIsNeverReplayed() {
        FakeChatModel model = FakeChatModel.builder().failAfter(new ServerErrorException("reset"), "Hel", "lo")
                .stream("Hello", " again").build();
        Collect c = new Collect();

        retry(model, RetryConfig.attempts(3)).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofMinutes(1));

        assertThat(c.tokens).containsExactly("Hel", "lo");
        assertThat(c.error).isInstanceOf(StreamInterruptedException.class);
        assertThat(((StreamInterruptedException) c.error).partialText()).isEqualTo("Hello");
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void cancellingDuringTheBackoffStopsFurtherAttempts() {
        FakeChatModel model = FakeChatModel.builder().fail(new ServerErrorException("503")).stream("x").build();
        Collect c = new Collect();

        retry(model, RetryConfig.attempts(3)).stream(ChatRequest.of("hi"), c).cancel();
        time.advance(Duration.ofMinutes(1));

        assertThat(model.callCount()).isEqualTo(1);
        assertThat(c.terminals).hasValue(0);
    }
}
