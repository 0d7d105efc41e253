package dev.llmkit.routing.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CanaryTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final List<CanaryEvent> events = new ArrayList<>();

    /** A candidate whose behaviour depends on the share of traffic it has: it breaks under load. */
    private static final class LoadSensitive implements ChatModel {
        final AtomicReference<Canary> canary = new AtomicReference<>();
        final double failsFrom;
        final boolean slow;
        final ManualScheduler clock;

        LoadSensitive(double failsFrom, boolean slow, ManualScheduler clock) {
            this.failsFrom = failsFrom;
            this.slow = slow;
            this.clock = clock;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            boolean loaded = canary.get().percent() >= failsFrom;
            if (loaded && slow) {
                clock.advance(Duration.ofSeconds(12));
            } else if (loaded) {
                throw new ServerErrorException("HTTP 503 from the candidate");
            }
            clock.advance(Duration.ofMillis(300));
            return ChatResponse.of("candidate", "cand");
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            throw new UnsupportedOperationException();
        }
    }

    private Canary canary(ChatModel candidate) {
        return Canary.builder("next", FakeChatModel.always("stable"), candidate).window(Duration.ofMinutes(10))
                .minCalls(20).maxErrorRate(0.05).maxP99(Duration.ofSeconds(5)).scheduler(clock).listener(events::add)
                .build();
    }

    /** Sends calls from distinct users for {@code minutes} of fake time, 200 calls a minute. */
    private int drive(Canary canary, int minutes, int[] user) {
        int candidateCalls = 0;
        for (int m = 0; m < minutes; m++) {
            for (int c = 0; c < 200; c++) {
                try {
                    ChatResponse r = canary.chat(ChatRequest.builder().user("hi").endUser("u" + user[0]++).build());
                    if ("candidate".equals(r.attributes().get(Experiment.ATTR_ARM))) {
                        candidateCalls++;
                    }
                } catch (LlmException e) {
                    candidateCalls++;
                }
            }
            clock.advance(Duration.ofMinutes(1));
        }
        return candidateCalls;
    }

    @Test
    void aHealthyCandidateAdvancesStageByStageToAllTraffic() {
        LoadSensitive healthy = new LoadSensitive(1000, false, clock);
        Canary canary = canary(healthy);
        healthy.canary.set(canary);

        drive(canary, 120, new int[] {0});

        assertThat(canary.promoted()).isTrue();
        assertThat(events).extracting(CanaryEvent::kind).containsExactly(CanaryEvent.Kind.ADVANCED,
                CanaryEvent.Kind.ADVANCED, CanaryEvent.Kind.ADVANCED, CanaryEvent.Kind.ADVANCED,
                CanaryEvent.Kind.PROMOTED);
        assertThat(events).extracting(CanaryEvent::toPercent).containsExactly(5.0, 10.0, 25.0, 50.0, 100.0);
        assertThat(events).allSatisfy(e -> assertThat(e.calls()).isGreaterThanOrEqualTo(20));
        // each stage lasted at least its window
        for (int i = 1; i < events.size(); i++) {
            assertThat(Duration.between(events.get(i - 1).at(), events.get(i).at())).isGreaterThanOrEqualTo(
                    Duration.ofMinutes(10));
        }
    }

    @Test
    void aCandidateFailingUnderLoadRollsBackAtTheStageWhereItBreaks() {
        LoadSensitive breaking = new LoadSensitive(25, false, clock);
        Canary canary = canary(breaking);
        breaking.canary.set(canary);

        drive(canary, 120, new int[] {0});

        assertThat(canary.rolledBack()).isTrue();
        assertThat(canary.percent()).isZero();
        CanaryEvent last = events.get(events.size() - 1);
        assertThat(last.kind()).isEqualTo(CanaryEvent.Kind.ROLLED_BACK);
        assertThat(last.fromPercent()).isEqualTo(25.0);
        assertThat(last.reason()).contains("error rate");
        assertThat(events).extracting(CanaryEvent::kind).containsOnlyOnce(CanaryEvent.Kind.ROLLED_BACK);
        // after the rollback nobody gets the candidate
        int[] more = {100_000};
        assertThat(drive(canary, 5, more)).isZero();
    }

    @Test
    void aSlowCandidateRollsBackOnP99AndAPoorScoreOnTheScore() {
        LoadSensitive slow = new LoadSensitive(10, true, clock);
        Canary c1 = canary(slow);
        slow.canary.set(c1);
        drive(c1, 120, new int[] {0});
        assertThat(c1.rolledBack()).isTrue();
        assertThat(events.get(events.size() - 1).reason()).contains("p99 latency").contains("at 10.0 %");

        events.clear();
        LoadSensitive fine = new LoadSensitive(1000, false, clock);
        Canary c2 = Canary.builder("scored", FakeChatModel.always("stable"), fine).minCalls(20)
                .minScore(0.8, r -> 0.5).scheduler(clock).listener(events::add).build();
        fine.canary.set(c2);
        drive(c2, 30, new int[] {0});
        assertThat(c2.rolledBack()).isTrue();
        assertThat(events.get(0).reason()).contains("mean score 0.500 below 0.800");
    }

    @Test
    void aThrowingListenerOrScorerNeverCostsTheUserTheirAnswer() {
        LoadSensitive healthy = new LoadSensitive(1000, false, clock);
        Canary canary = Canary.builder("noisy", FakeChatModel.always("stable"), healthy).minCalls(5)
                .minScore(0.1, r -> {
                    throw new IllegalStateException("scorer down");
                })
                .listener(e -> {
                    throw new IllegalStateException("alerting down");
                }).scheduler(clock).build();
        healthy.canary.set(canary);

        int[] user = {0};
        drive(canary, 30, user); // no exception reaches the callers

        assertThat(canary.percent()).isGreaterThan(1.0); // stages still advanced
    }

    @Test
    void aUserOnTheCandidateStaysOnItAsTheShareGrows() {
        LoadSensitive healthy = new LoadSensitive(1000, false, clock);
        Canary canary = canary(healthy);
        healthy.canary.set(canary);
        List<String> early = new ArrayList<>();
        for (int u = 0; u < 2000; u++) {
            ChatResponse r = canary.chat(ChatRequest.builder().user("hi").endUser("early" + u).build());
            if ("candidate".equals(r.attributes().get(Experiment.ATTR_ARM))) {
                early.add("early" + u);
            }
        }
        drive(canary, 25, new int[] {0});
        assertThat(canary.percent()).isGreaterThan(1.0);

        for (String u : early) {
            ChatResponse r = canary.chat(ChatRequest.builder().user("hi").endUser(u).build());
            assertThat(r.attributes().get(Experiment.ATTR_ARM)).isEqualTo("candidate");
        }
    }
}
