package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.RequestRateLimitedException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final ManualScheduler time = new ManualScheduler();

    @Test
    void refusesBeyondTheRequestsPerMinuteAndRecoversAsTheBucketRefills() {
        FakeChatModel model = FakeChatModel.echo();
        RateLimiter limiter = RateLimiter.of(model, 60, 1_000_000, Duration.ZERO, time,
                dev.llmkit.api.TokenCounter.estimator());

        for (int i = 0; i < 60; i++) {
            limiter.chat(ChatRequest.of("hi"));
        }
        assertThatThrownBy(() -> limiter.chat(ChatRequest.of("hi"))).isInstanceOf(RequestRateLimitedException.class)
                .satisfies(e -> assertThat(((RequestRateLimitedException) e).retryAfter())
                        .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000))));
        time.advance(Duration.ofSeconds(1));

        limiter.chat(ChatRequest.of("hi"));
        assertThat(model.callCount()).isEqualTo(61);
    }

    @Test
    void waitsWithinMaxWaitInsteadOfRefusing() {
        RateLimiter limiter = RateLimiter.of(FakeChatModel.echo(), 60, 1_000_000, Duration.ofSeconds(2), time,
                dev.llmkit.api.TokenCounter.estimator());
        for (int i = 0; i < 61; i++) {
            limiter.chat(ChatRequest.of("hi"));
        }
        assertThat(time.totalSlept()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
    }

    @Test
    void reportsEachWaitOnceWithItsLength() {
        dev.llmkit.testing.RecordingListener events = new dev.llmkit.testing.RecordingListener();
        RateLimiter limiter = RateLimiter.builder(FakeChatModel.echo(), 60, 1_000_000).maxWait(Duration.ofSeconds(2))
                .scheduler(time).listener(events).build();
        for (int i = 0; i < 61; i++) {
            limiter.chat(ChatRequest.of("hi"));
        }
        assertThat(events.of(dev.llmkit.api.event.WaitEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.component()).isEqualTo("rate-limiter");
            assertThat(e.duration()).isEqualTo(time.totalSlept());
        });
    }

    @Test
    void estimatesTokensBeforeAndCorrectsWithReportedUsageAfter() {
        RateLimiter limiter = RateLimiter.of(FakeChatModel.always("ok"), 1000, 1000, Duration.ZERO, time, text -> 10);
        ChatRequest big = ChatRequest.builder().user("x").maxOutputTokens(500).build();

        limiter.chat(big); // estimate 3 + 4 + 10 + 500 = 517, actual usage is small
        assertThat(limiter.availableTokens()).isGreaterThan(900);
        assertThatThrownBy(() -> limiter.chat(ChatRequest.builder().user("x").maxOutputTokens(2000).build()))
                .isInstanceOf(RequestRateLimitedException.class).hasMessageContaining("exceed the limit");
    }

    @Test
    void neverAdmitsMoreThanTheBudgetUnderManyThreads() throws Exception {
        FakeChatModel model = FakeChatModel.echo();
        RateLimiter limiter = RateLimiter.of(model, 100, 10_000_000, Duration.ZERO, time,
                dev.llmkit.api.TokenCounter.estimator());
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                fs.add(pool.submit(() -> {
                    try {
                        limiter.chat(ChatRequest.of("hi"));
                    } catch (RequestRateLimitedException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(model.callCount()).isEqualTo(100);
        assertThat(refused).hasValue(900);
    }

    @Test
    void theStackRefusesOverTheRateWithoutTrippingTheBreakerOrRetrying() {
        FakeChatModel model = FakeChatModel.echo();
        var stack = Resilient.builder().scheduler(time).rateLimit(2, 1_000_000, Duration.ZERO).build(model);

        stack.chat(ChatRequest.of("a"));
        stack.chat(ChatRequest.of("b"));
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> stack.chat(ChatRequest.of("c"))).isInstanceOf(RequestRateLimitedException.class);
        }
        time.advance(Duration.ofMinutes(1));

        assertThat(stack.chat(ChatRequest.of("d")).text()).isEqualTo("echo: d");
        assertThat(model.callCount()).isEqualTo(3);
    }

    @Test
    void twoLimitersOnOneStoreAndKeyShareOneLimit() {
        dev.llmkit.api.store.InMemoryRateLimitStore store = new dev.llmkit.api.store.InMemoryRateLimitStore(time);
        RateLimiter a = RateLimiter.builder(FakeChatModel.echo(), 10, 1_000_000).maxWait(Duration.ZERO)
                .scheduler(time).store(store, "openai").build();
        RateLimiter b = RateLimiter.builder(FakeChatModel.echo(), 10, 1_000_000).maxWait(Duration.ZERO)
                .scheduler(time).store(store, "openai").build();
        RateLimiter other = RateLimiter.builder(FakeChatModel.echo(), 10, 1_000_000).maxWait(Duration.ZERO)
                .scheduler(time).store(store, "anthropic").build();

        for (int i = 0; i < 5; i++) {
            a.chat(ChatRequest.of("hi"));
            b.chat(ChatRequest.of("hi"));
        }

        assertThatThrownBy(() -> a.chat(ChatRequest.of("hi"))).isInstanceOf(RequestRateLimitedException.class);
        assertThatThrownBy(() -> b.chat(ChatRequest.of("hi"))).isInstanceOf(RequestRateLimitedException.class);
        other.chat(ChatRequest.of("hi"));
    }
}
