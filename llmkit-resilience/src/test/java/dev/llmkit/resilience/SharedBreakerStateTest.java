package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.api.store.CircuitRecord;
import dev.llmkit.api.store.InMemoryCircuitStateStore;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharedBreakerStateTest {
    private final ManualScheduler time = new ManualScheduler();
    private final CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULTS.withWindow(10, 4)
            .withOpenWait(Duration.ofSeconds(30), 1);
    private final InMemoryCircuitStateStore store = new InMemoryCircuitStateStore();

    private static FakeChatModel failingUnless(String ok) {
        return FakeChatModel.builder().otherwiseStep(r -> r.lastUserText().equals(ok)
                ? FakeChatModel.Step.respond("fine") : FakeChatModel.Step.fail(new ServerErrorException("503"))).build();
    }

    private CircuitBreaker node(FakeChatModel model, RecordingListener events) {
        return CircuitBreaker.builder("openai", model).config(config).scheduler(time).listener(events)
                .store(store, "openai").build();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (LlmException ignored) {
            // expected failures
        }
    }

    @Test
    void failuresSeenByTwoBreakersOnOneKeyCountInOneWindowAndOpenBoth() {
        FakeChatModel model = failingUnless("ok");
        RecordingListener eventsA = new RecordingListener();
        RecordingListener eventsB = new RecordingListener();
        CircuitBreaker a = node(model, eventsA);
        CircuitBreaker b = node(model, eventsB);

        quietly(() -> a.chat(ChatRequest.of("fail")));
        quietly(() -> b.chat(ChatRequest.of("fail")));
        quietly(() -> a.chat(ChatRequest.of("fail")));
        quietly(() -> b.chat(ChatRequest.of("fail"))); // the fourth failure of the shared window opens it

        assertThat(b.state()).isEqualTo(CircuitState.OPEN);
        assertThat(a.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> a.chat(ChatRequest.of("ok"))).isInstanceOf(CircuitOpenException.class);
        assertThat(model.callCount()).isEqualTo(4);
        assertThat(eventsA.of(CircuitStateEvent.class)).extracting(CircuitStateEvent::to)
                .containsExactly(CircuitState.OPEN);
    }

    @Test
    void aProbeThroughOneBreakerClosesItForBoth() {
        FakeChatModel model = failingUnless("ok");
        CircuitBreaker a = node(model, new RecordingListener());
        CircuitBreaker b = node(model, new RecordingListener());
        for (int i = 0; i < 4; i++) {
            quietly(() -> a.chat(ChatRequest.of("fail")));
        }
        assertThat(b.state()).isEqualTo(CircuitState.OPEN);

        time.advance(Duration.ofSeconds(30));
        b.chat(ChatRequest.of("ok"));

        assertThat(a.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(a.chat(ChatRequest.of("ok")).text()).isEqualTo("fine");
    }

    @Test
    void aBreakerThatStillSeesClosedLearnsOfAPeersOpeningAtItsNextOutcome() {
        FakeChatModel model = failingUnless("ok");
        CircuitBreaker a = node(model, new RecordingListener());
        CircuitBreaker b = node(model, new RecordingListener());
        a.chat(ChatRequest.of("ok")); // a has written, and reads CLOSED from its own view
        for (int i = 0; i < 4; i++) {
            quietly(() -> b.chat(ChatRequest.of("fail")));
        }

        a.chat(ChatRequest.of("ok")); // admitted on a's closed view; its outcome lands on the open record

        assertThatThrownBy(() -> a.chat(ChatRequest.of("ok"))).isInstanceOf(CircuitOpenException.class);
        CircuitRecord shared = new CircuitRecord();
        store.read("openai", shared);
        assertThat(shared.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void manyThreadsOnManyBreakersOfOneKeyLoseNoOutcome() throws Exception {
        CircuitBreakerConfig never = CircuitBreakerConfig.DEFAULTS.withWindow(100, 100).withFailureRate(1.0);
        FakeChatModel model = FakeChatModel.always("ok");
        List<CircuitBreaker> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(CircuitBreaker.builder("n" + i, model).config(never).scheduler(time).store(store, "k").build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                CircuitBreaker node = nodes.get(t % 4);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        node.chat(ChatRequest.of("ok"));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        CircuitRecord shared = new CircuitRecord();
        store.read("k", shared);
        assertThat(shared.version()).isEqualTo(16_000); // one write per outcome, none lost
        assertThat(shared.counters()[0]).isEqualTo(100); // the count window is full
    }
}
