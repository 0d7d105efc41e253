package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.CircuitState;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilientEmbeddingModelTest {
    private final ManualScheduler time = new ManualScheduler();

    /** Fails with the queued exceptions, then embeds. */
    private static class Flaky implements EmbeddingModel {
        final Deque<LlmException> failures = new ArrayDeque<>();
        final FakeEmbeddingModel real = new FakeEmbeddingModel(8);
        int calls;

        @Override
        public List<float[]> embedAll(List<String> texts) {
            calls++;
            LlmException e = failures.poll();
            if (e != null) {
                throw e;
            }
            return real.embedAll(texts);
        }

        @Override
        public int dimension() {
            return 8;
        }
    }

    @Test
    void retriesTransientFailuresWithBackoff() {
        Flaky flaky = new Flaky();
        flaky.failures.add(new ServerErrorException("503"));
        flaky.failures.add(new ServerErrorException("503"));
        EmbeddingModel model = ResilientEmbeddingModel.wrap(flaky, RetryConfig.attempts(3), CircuitBreakerConfig.DEFAULTS, time);

        assertThat(model.embed("hello")).hasSize(8);
        assertThat(flaky.calls).isEqualTo(3);
        assertThat(time.totalSlept()).isPositive();
    }

    @Test
    void doesNotRetryBadRequestsAndOpensTheBreakerOnRepeatedFailures() {
        Flaky flaky = new Flaky();
        flaky.failures.add(new InvalidRequestException("400"));
        ResilientEmbeddingModel model = ResilientEmbeddingModel.wrap(flaky, RetryConfig.attempts(1),
                CircuitBreakerConfig.DEFAULTS.withWindow(4, 4), time);

        assertThatThrownBy(() -> model.embed("x")).isInstanceOf(InvalidRequestException.class);
        assertThat(flaky.calls).isEqualTo(1);
        for (int i = 0; i < 3; i++) { // with the earlier success, 3 failures of 4 calls pass the 50 % threshold
            flaky.failures.add(new ServerErrorException("503"));
            assertThatThrownBy(() -> model.embed("x")).isInstanceOf(ServerErrorException.class);
        }
        assertThat(model.circuitState()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> model.embed("x")).isInstanceOf(CircuitOpenException.class);
        time.advance(Duration.ofSeconds(30));
        assertThat(model.embed("x")).hasSize(8);
    }

    @Test
    void aHalfOpenProbeThatThrowsARuntimeExceptionGivesItsPermitBack() {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.DEFAULTS.withWindow(2, 2).withOpenWait(Duration.ofSeconds(10), 1);
        boolean[] bug = {false};
        Flaky flaky = new Flaky() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                if (bug[0]) {
                    throw new IllegalStateException("bug below");
                }
                return super.embedAll(texts);
            }
        };
        ResilientEmbeddingModel model = ResilientEmbeddingModel.wrap(flaky, RetryConfig.attempts(1), breaker, time);
        flaky.failures.add(new dev.llmkit.api.error.ServerErrorException("down"));
        flaky.failures.add(new dev.llmkit.api.error.ServerErrorException("down"));
        org.assertj.core.api.Assertions.catchThrowable(() -> model.embedAll(List.of("a")));
        org.assertj.core.api.Assertions.catchThrowable(() -> model.embedAll(List.of("a")));
        assertThat(model.circuitState()).isEqualTo(dev.llmkit.api.event.CircuitState.OPEN);
        time.advance(Duration.ofSeconds(10));
        bug[0] = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.embedAll(List.of("probe")))
                .isInstanceOf(IllegalStateException.class);
        time.advance(Duration.ofSeconds(10));
        bug[0] = false;

        assertThat(model.embedAll(List.of("probe again"))).hasSize(1);
        assertThat(model.circuitState()).isEqualTo(dev.llmkit.api.event.CircuitState.CLOSED);
    }
}
