package dev.llmkit.routing.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Active health checks on a fake clock: probes cool a deployment that went down and bring a recovered one back. */
class HealthCheckTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private final ManualScheduler time = new ManualScheduler();

    /** A model whose health is switched by the test; it counts probes apart from calls. */
    private static final class Switchable {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>(new ServerErrorException("503"));
        final FakeChatModel model;
        int probes;

        Switchable(String name) {
            model = FakeChatModel.builder().name(name).otherwiseStep(r -> {
                if (r.context().attributes().containsKey("llmkit.health")) {
                    probes++;
                }
                return down.get() ? Step.fail((dev.llmkit.api.error.LlmException) failure.get()) : Step.respond("ok");
            }).build();
        }
    }

    private final Switchable a = new Switchable("a");
    private final Switchable b = new Switchable("b");

    private DeploymentPool pool(HealthCheck check) {
        return DeploymentPool.builder("chat").scheduler(time).strategy(Strategies.roundRobin())
                .cooldown(CooldownConfig.builder().failures(3).cooldown(Duration.ofSeconds(60)).build())
                .deployment("a", a.model).deployment("b", b.model)
                .healthCheck(check.withExecutor(Runnable::run)).build();
    }

    @Test
    void aDeploymentThatWentDownIsCooledByAProbeBeforeAnyCallerReachesIt() {
        try (DeploymentPool pool = pool(HealthCheck.every(INTERVAL))) {
            a.down.set(true);
            time.advance(INTERVAL);

            assertThat(pool.isCoolingDown("a")).isTrue();
            assertThat(pool.isCoolingDown("b")).isFalse();
            for (int i = 0; i < 4; i++) {
                assertThat(pool.chat(ChatRequest.of("hi")).attribute(DeploymentPool.ATTR_DEPLOYMENT)).contains("b");
            }
            assertThat(a.model.callCount()).isEqualTo(1); // the probe only
        }
    }

    @Test
    void aProbeThatAnswersEndsACooldownCausedByFailures() {
        try (DeploymentPool pool = pool(HealthCheck.every(INTERVAL))) {
            a.down.set(true);
            time.advance(INTERVAL);
            assertThat(pool.isCoolingDown("a")).isTrue();

            a.down.set(false);
            time.advance(INTERVAL); // well before the 60 s cooldown ends

            assertThat(pool.isCoolingDown("a")).isFalse();
            assertThat(pool.chat(ChatRequest.of("1")).attribute(DeploymentPool.ATTR_DEPLOYMENT)).isPresent();
            assertThat(pool.chat(ChatRequest.of("2")).attribute(DeploymentPool.ATTR_DEPLOYMENT)).isPresent();
            assertThat(a.model.callCount() - a.probes).isEqualTo(1);
        }
    }

    @Test
    void aProbeDoesNotShortenARateLimitsRetryAfter() {
        try (DeploymentPool pool = pool(HealthCheck.every(INTERVAL))) {
            a.failure.set(new RateLimitedException("429", null,
                    ErrorInfo.builder().statusCode(429).retryAfter(Duration.ofSeconds(45)).build()));
            a.down.set(true);
            time.advance(INTERVAL);
            assertThat(pool.isCoolingDown("a")).isTrue();

            a.down.set(false);
            time.advance(Duration.ofSeconds(40)); // 50 s in: probes answered, the 45 s from 10 s still hold
            assertThat(pool.isCoolingDown("a")).isTrue();

            time.advance(Duration.ofSeconds(6)); // 56 s in
            assertThat(pool.isCoolingDown("a")).isFalse();
        }
    }

    @Test
    void aProbeTheDeploymentRejectsAsInvalidChangesNothing() {
        try (DeploymentPool pool = pool(HealthCheck.every(INTERVAL))) {
            a.failure.set(new InvalidRequestException("max_tokens must be at least 16"));
            a.down.set(true);
            time.advance(INTERVAL.multipliedBy(3));
            assertThat(pool.isCoolingDown("a")).isFalse();
            assertThat(a.probes).isEqualTo(3);
        }
    }

    @Test
    void everyProbeCarriesTheTimeoutAsItsDeadlineAndRoundsNeverPileUp() {
        try (DeploymentPool pool = pool(HealthCheck.every(INTERVAL).withTimeout(Duration.ofSeconds(3)))) {
            for (int i = 1; i <= 5; i++) {
                time.advance(INTERVAL);
                assertThat(time.pendingTasks()).isEqualTo(1);
            }
            assertThat(a.probes).isEqualTo(5);
            assertThat(b.probes).isEqualTo(5);
            ChatRequest probe = a.model.requests().get(0);
            assertThat(probe.deadline()).isPresent();
            assertThat(probe.maxOutputTokens()).contains(1);
        }
    }

    @Test
    void closingStopsTheChecksAndLeavesNoTimer() {
        DeploymentPool pool = pool(HealthCheck.every(INTERVAL));
        time.advance(INTERVAL);
        pool.close();
        pool.close();

        assertThat(time.pendingTasks()).isZero();
        time.advance(INTERVAL.multipliedBy(5));
        assertThat(a.probes).isEqualTo(1);
        assertThat(pool.chat(ChatRequest.of("still works")).text()).isEqualTo("ok");
    }

    @Test
    void theOwnProbeThreadRunsRoundsAndEndsOnClose() throws Exception {
        CountDownLatch probed = new CountDownLatch(2);
        Thread[] prober = new Thread[1];
        FakeChatModel m = FakeChatModel.builder().name("m").otherwiseStep(r -> {
            if (r.context().attributes().containsKey("llmkit.health")) {
                prober[0] = Thread.currentThread();
                probed.countDown();
            }
            return Step.respond("ok");
        }).build();
        DeploymentPool pool = DeploymentPool.builder("own").scheduler(time).deployment("m", m)
                .healthCheck(HealthCheck.every(INTERVAL)).build();
        time.advance(INTERVAL);
        time.advance(INTERVAL.multipliedBy(2)); // the second round is scheduled once the first ended
        for (int i = 0; i < 200 && probed.getCount() > 0; i++) {
            time.advance(INTERVAL);
            probed.await(10, TimeUnit.MILLISECONDS);
        }
        assertThat(probed.getCount()).isZero();
        assertThat(prober[0].getName()).isEqualTo("llmkit-health-own");

        pool.close();
        prober[0].join(5_000);
        assertThat(prober[0].isAlive()).isFalse();
    }

    @Test
    void intervalsAndTimeoutsThatMakeNoSenseAreRefused() {
        assertThatThrownBy(() -> HealthCheck.every(Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one second");
        assertThatThrownBy(() -> HealthCheck.every(INTERVAL).withTimeout(Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most the interval");
        assertThat(HealthCheck.every(Duration.ofSeconds(4)).timeout()).isEqualTo(Duration.ofSeconds(4));
    }
}
