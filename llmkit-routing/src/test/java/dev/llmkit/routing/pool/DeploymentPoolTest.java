package dev.llmkit.routing.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ContextLengthExceededException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Health, cooldown, fail-over, limits and context windows, on fake models and a fake clock. */
class DeploymentPoolTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingListener events = new RecordingListener();

    private FakeChatModel.Builder fake(String name) {
        return FakeChatModel.builder().name(name).scheduler(time);
    }

    private static ServerErrorException serverError() {
        return new ServerErrorException("503 from upstream");
    }

    private static RateLimitedException rateLimited(Duration retryAfter) {
        return new RateLimitedException("429", null, ErrorInfo.builder().statusCode(429).retryAfter(retryAfter).build());
    }

    private DeploymentPool.Builder pool() {
        return DeploymentPool.builder("chat").scheduler(time).listener(events).strategy(Strategies.roundRobin())
                .cooldown(CooldownConfig.builder().failures(3).window(Duration.ofSeconds(60))
                        .cooldown(Duration.ofSeconds(30)).build());
    }

    private static String deployment(ChatResponse r) {
        return r.attribute(DeploymentPool.ATTR_DEPLOYMENT).orElseThrow();
    }

    @Test
    void aFailureBeforeAnyOutputGoesToTheNextDeploymentAndTheAnswerNamesIt() {
        DeploymentPool pool = pool().deployment("a", fake("a").fail(serverError()).build())
                .deployment("b", fake("b").build()).build();

        ChatResponse r = pool.chat(ChatRequest.of("hi"));

        assertThat(deployment(r)).isEqualTo("b");
        assertThat(r.origin().deployment()).contains("b");
        assertThat(r.attribute(DeploymentPool.ATTR_POOL)).contains("chat");
        assertThat(events.of(RouteEvent.class)).extracting(RouteEvent::model).containsExactly("a", "b");
        assertThat(events.of(RouteEvent.class)).extracting(RouteEvent::attempt).containsExactly(1, 2);
        assertThat(events.of(FallbackEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.from() + ">" + e.to()).isEqualTo("a>b"));
    }

    @Test
    void aCooldownEnteredOnOneInstanceTakesTheDeploymentOutOfRotationOnTheOthers() {
        dev.llmkit.api.store.InMemoryCooldownStore shared = new dev.llmkit.api.store.InMemoryCooldownStore(time);
        FakeChatModel aHere = fake("a").fail(rateLimited(Duration.ofSeconds(20))).build();
        FakeChatModel aThere = fake("a").build();
        FakeChatModel bThere = fake("b").build();
        DeploymentPool here = pool().cooldowns(shared, Duration.ofMillis(500)).deployment("a", aHere)
                .deployment("b", fake("b").build()).build();
        DeploymentPool there = pool().cooldowns(shared, Duration.ofMillis(500)).deployment("a", aThere)
                .deployment("b", bThere).build();

        assertThat(deployment(here.chat(ChatRequest.of("hi")))).isEqualTo("b"); // a answered 429 for 20 s
        assertThat(shared.coolingUntil("chat:a")).hasValue(time.now().plus(Duration.ofSeconds(20)));
        for (int i = 0; i < 4; i++) {
            assertThat(deployment(there.chat(ChatRequest.of("elsewhere")))).isEqualTo("b");
        }
        assertThat(aThere.callCount()).as("the other instance never sent to the cooling deployment").isZero();
        assertThat(there.isCoolingDown("a")).isTrue();

        time.advance(Duration.ofSeconds(21));

        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            after.add(deployment(there.chat(ChatRequest.of("recovered"))));
        }
        assertThat(after).contains("a");
        assertThat(shared.coolingUntil("chat:a")).isEmpty();
    }

    @Test
    void aFailureOfTheRequestItselfIsNeitherFailedOverNorCounted() {
        FakeChatModel b = fake("b").build();
        DeploymentPool pool = pool().deployment("a", fake("a").fail(new InvalidRequestException("bad")).build())
                .deployment("b", b).build();

        assertThatThrownBy(() -> pool.chat(ChatRequest.of("hi"))).isInstanceOf(InvalidRequestException.class);
        assertThat(b.callCount()).isZero();
    }

    @Test
    void everyDeploymentFailingGivesTheLastFailureAfterTryingEachOnce() {
        FakeChatModel a = fake("a").otherwiseStep(r -> Step.fail(serverError())).build();
        FakeChatModel b = fake("b").otherwiseStep(r -> Step.fail(serverError())).build();
        DeploymentPool pool = pool().deployment("a", a).deployment("b", b).build();

        assertThatThrownBy(() -> pool.chat(ChatRequest.of("hi"))).isInstanceOf(ServerErrorException.class);
        assertThat(a.callCount()).isEqualTo(1);
        assertThat(b.callCount()).isEqualTo(1);
    }

    @Test
    void failuresWithinTheWindowCoolADeploymentDownUntilTheCooldownEnds() {
        FakeChatModel a = fake("a").fail(serverError()).fail(serverError()).fail(serverError()).build();
        FakeChatModel b = fake("b").build();
        DeploymentPool pool = pool().deployment("a", a).deployment("b", b).build();

        for (int i = 0; i < 6; i++) {
            assertThat(deployment(pool.chat(ChatRequest.of("hi")))).isEqualTo("b");
        }
        assertThat(a.callCount()).isEqualTo(3);
        assertThat(pool.isCoolingDown("a")).isTrue();
        for (int i = 0; i < 10; i++) {
            pool.chat(ChatRequest.of("while cooling"));
        }
        assertThat(a.callCount()).isEqualTo(3);

        time.advance(Duration.ofSeconds(30));

        assertThat(pool.isCoolingDown("a")).isFalse();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            after.add(deployment(pool.chat(ChatRequest.of("recovered"))));
        }
        assertThat(after).containsExactlyInAnyOrder("a", "a", "b", "b");
    }

    @Test
    void failuresSpreadWiderThanTheWindowDoNotCoolADeploymentDown() {
        FakeChatModel a = fake("a").fail(serverError()).fail(serverError()).fail(serverError()).build();
        DeploymentPool pool = pool().strategy(c -> c.candidates().get(0))
                .deployment("a", a).deployment("b", fake("b").build()).build();

        for (int i = 0; i < 3; i++) {
            pool.chat(ChatRequest.of("hi"));
            time.advance(Duration.ofSeconds(31));
        }

        assertThat(pool.isCoolingDown("a")).isFalse();
    }

    @Test
    void aRateLimitCoolsTheDeploymentForExactlyItsRetryAfter() {
        FakeChatModel a = fake("a").fail(rateLimited(Duration.ofSeconds(20))).build();
        DeploymentPool pool = pool().strategy(c -> c.candidates().get(0))
                .deployment("a", a).deployment("b", fake("b").build()).build();

        assertThat(deployment(pool.chat(ChatRequest.of("hi")))).isEqualTo("b");
        time.advance(Duration.ofSeconds(20).minusMillis(1));
        assertThat(deployment(pool.chat(ChatRequest.of("hi")))).isEqualTo("b");
        time.advance(Duration.ofMillis(1));
        assertThat(deployment(pool.chat(ChatRequest.of("hi")))).isEqualTo("a");
    }

    @Test
    void whenEveryDeploymentIsCoolingTheCallerLearnsThePoolAndWhenItFreesUp() {
        DeploymentPool pool = pool()
                .deployment("a", fake("a").fail(rateLimited(Duration.ofSeconds(20))).build())
                .deployment("b", fake("b").fail(rateLimited(Duration.ofSeconds(45))).build())
                .build();
        assertThatThrownBy(() -> pool.chat(ChatRequest.of("first"))).isInstanceOf(PoolExhaustedException.class);
        time.advance(Duration.ofSeconds(5));

        PoolExhaustedException e = catchThrowableOfType(() -> pool.chat(ChatRequest.of("second")),
                PoolExhaustedException.class);

        assertThat(e.pool()).isEqualTo("chat");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(15));
        assertThat(e.availableAt()).isEqualTo(ManualScheduler.START.plusSeconds(20));
        assertThat(e.getMessage()).contains("'chat'");
        time.advance(Duration.ofSeconds(15));
        assertThat(deployment(pool.chat(ChatRequest.of("third")))).isEqualTo("a");
    }

    @Test
    void aDeploymentAtItsRequestsPerMinuteLimitGetsNoMoreUntilTheMinuteEnds() {
        DeploymentPool pool = pool().strategy(c -> c.candidates().get(0))
                .deployment(Deployment.builder("small", fake("small").build()).rpm(2).build())
                .deployment(Deployment.builder("other", fake("other").build()).rpm(1).build())
                .build();
        List<String> used = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            used.add(deployment(pool.chat(ChatRequest.of("hi"))));
        }

        PoolExhaustedException e = catchThrowableOfType(() -> pool.chat(ChatRequest.of("hi")),
                PoolExhaustedException.class);
        time.advance(Duration.ofMinutes(1));

        assertThat(used).containsExactly("small", "small", "other");
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(deployment(pool.chat(ChatRequest.of("hi")))).isEqualTo("small");
    }

    @Test
    void aPromptTooLargeForADeploymentsWindowGoesToALargerOne() {
        FakeChatModel small = fake("small").build();
        DeploymentPool pool = pool()
                .deployment(Deployment.builder("small", small).contextWindow(50).build())
                .deployment(Deployment.builder("large", fake("large").build()).contextWindow(100_000).build())
                .build();
        String longPrompt = "word ".repeat(200);

        for (int i = 0; i < 4; i++) {
            assertThat(deployment(pool.chat(ChatRequest.of(longPrompt)))).isEqualTo("large");
        }
        assertThat(small.callCount()).isZero();
    }

    @Test
    void aContextLengthErrorSendsTheCallToALargerWindowWithoutCoolingTheDeployment() {
        FakeChatModel small = fake("small").fail(new ContextLengthExceededException("too long")).build();
        DeploymentPool pool = pool().strategy(c -> c.candidates().get(0))
                .deployment(Deployment.builder("small", small).contextWindow(8_000).build())
                .deployment(Deployment.builder("same", fake("same").build()).contextWindow(8_000).build())
                .deployment(Deployment.builder("large", fake("large").build()).contextWindow(128_000).build())
                .build();

        assertThat(deployment(pool.chat(ChatRequest.of("hi")))).isEqualTo("large");
        assertThat(pool.isCoolingDown("small")).isFalse();
    }

    @Test
    void aPromptTooLargeForEveryDeploymentFailsAtOnceSayingTheLargestWindow() {
        DeploymentPool pool = pool().deployment(Deployment.builder("a", fake("a").build()).contextWindow(10).build())
                .build();

        assertThatThrownBy(() -> pool.chat(ChatRequest.of("word ".repeat(100))))
                .isInstanceOf(ContextLengthExceededException.class).hasMessageContaining("is 10");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstTokenGoesToTheNextDeployment() {
        DeploymentPool pool = pool().deployment("a", fake("a").fail(serverError()).build())
                .deployment("b", fake("b").stream("Hel", "lo").build()).build();
        Collect out = new Collect();

        pool.stream(ChatRequest.of("hi"), out);

        assertThat(out.tokens).containsExactly("Hel", "lo");
        assertThat(out.error).isNull();
        assertThat(deployment(out.response)).isEqualTo("b");
        assertThat(pool.deployments()).allSatisfy(d -> assertThat(d.inFlight()).isZero());
    }

    @Test
    void aStreamThatFailsAfterItsFirstTokenIsNeverReplayed() {
        FakeChatModel b = fake("b").build();
        DeploymentPool pool = pool().deployment("a", fake("a").failAfter(serverError(), "Hel").build())
                .deployment("b", b).build();
        Collect out = new Collect();

        pool.stream(ChatRequest.of("hi"), out);

        assertThat(out.tokens).containsExactly("Hel");
        assertThat(out.error).isInstanceOf(StreamInterruptedException.class);
        assertThat(out.terminals).isEqualTo(1);
        assertThat(b.callCount()).isZero();
    }

    @Test
    void cancellingAStreamReleasesItsDeploymentAndEndsSilently() {
        FakeChatModel a = fake("a").latency(Duration.ofSeconds(1)).build();
        DeploymentPool pool = pool().deployment("a", a).build();
        Collect out = new Collect();

        var handle = pool.stream(ChatRequest.of("hi"), out);
        assertThat(pool.deployments().get(0).inFlight()).isEqualTo(1);
        handle.cancel();
        time.advance(Duration.ofSeconds(2));

        assertThat(pool.deployments().get(0).inFlight()).isZero();
        assertThat(a.cancelledStreams()).isEqualTo(1);
        assertThat(out.terminals).isZero();
        assertThat(out.tokens).isEmpty();
    }

    @Test
    void aStreamWhosePoolIsExhaustedFailsThroughItsHandler() {
        DeploymentPool pool = pool().deployment("a", fake("a").fail(rateLimited(Duration.ofSeconds(9))).build())
                .build();
        pool.chatAsync(ChatRequest.of("cool it down"));
        Collect out = new Collect();

        pool.stream(ChatRequest.of("hi"), out);

        assertThat(out.error).isInstanceOf(PoolExhaustedException.class);
        assertThat(out.error.retryAfter()).contains(Duration.ofSeconds(9));
        assertThat(out.terminals).isEqualTo(1);
    }

    @Test
    void asyncCallsFailOverLikeBlockingOnes() {
        DeploymentPool pool = pool().deployment("a", fake("a").fail(serverError()).latency(Duration.ofMillis(10)).build())
                .deployment("b", fake("b").latency(Duration.ofMillis(10)).build()).build();

        CompletableFuture<ChatResponse> f = pool.chatAsync(ChatRequest.of("hi"));
        time.advance(Duration.ofMillis(20));

        assertThat(deployment(f.join())).isEqualTo("b");
    }

    /** Collects a stream's callbacks. */
    static final class Collect implements StreamHandler {
        final List<String> tokens = new ArrayList<>();
        ChatResponse response;
        LlmException error;
        int terminals;

        @Override
        public void onToken(String token) {
            tokens.add(token);
        }

        @Override
        public void onComplete(ChatResponse r) {
            response = r;
            terminals++;
        }

        @Override
        public void onError(LlmException e) {
            error = e;
            terminals++;
        }
    }
}
