package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    /**
     * Embeds through a {@link FakeEmbeddingModel} of 8 dimensions in batches of 2 (one token per word), failing calls
     * with the queued exceptions first; its async form completes at once, or, with {@code holdAsync}, never by itself.
     */
    private static class Batches implements EmbeddingModel {
        final Deque<LlmException> failures = new ArrayDeque<>();
        final FakeEmbeddingModel real = new FakeEmbeddingModel(8, 2);
        final List<List<String>> calls = new ArrayList<>();
        final List<CompletableFuture<Embeddings>> held = new ArrayList<>();
        boolean holdAsync;

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return embedBatch(texts).vectors();
        }

        @Override
        public synchronized Embeddings embedBatch(List<String> texts) {
            calls.add(List.copyOf(texts));
            LlmException e = failures.poll();
            if (e != null) {
                throw e;
            }
            return real.embedBatch(texts);
        }

        @Override
        public CompletableFuture<Embeddings> embedBatchAsync(List<String> texts) {
            if (holdAsync) {
                calls.add(List.copyOf(texts));
                CompletableFuture<Embeddings> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            try {
                return CompletableFuture.completedFuture(embedBatch(texts));
            } catch (LlmException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public int maxBatchSize() {
            return real.maxBatchSize();
        }

        @Override
        public int dimension() {
            return 8;
        }
    }

    @Test
    void statesTheDelegatesMaxBatchSize() {
        assertThat(ResilientEmbeddingModel.wrap(new Batches()).maxBatchSize()).isEqualTo(2);
    }

    @Test
    void splitsByTheDelegatesBatchSizeAndRetriesOnlyTheFailedBatch() {
        // the second batch fails once
        Batches failing = new Batches() {
            int n;

            @Override
            public synchronized Embeddings embedBatch(List<String> texts) {
                if (++n == 2) {
                    calls.add(List.copyOf(texts));
                    throw new ServerErrorException("503");
                }
                return super.embedBatch(texts);
            }
        };
        EmbeddingModel resilient = ResilientEmbeddingModel.wrap(failing, RetryConfig.attempts(3), CircuitBreakerConfig.DEFAULTS, time);

        Embeddings result = resilient.embedBatch(List.of("one two", "three", "four", "five six", "seven"));

        assertThat(failing.calls).containsExactly(List.of("one two", "three"), List.of("four", "five six"),
                List.of("four", "five six"), List.of("seven"));
        assertThat(result.size()).isEqualTo(5);
        assertThat(result.inputTokens()).isEqualTo(7);
        assertThat(result.vectors().get(3)).isEqualTo(failing.real.embed("five six"));
    }

    @Test
    void asyncRetriesOnTheSchedulerWithoutBlockingAndSumsTheUsage() throws Exception {
        Batches delegate = new Batches();
        delegate.failures.add(new ServerErrorException("503"));
        EmbeddingModel model = ResilientEmbeddingModel.wrap(delegate, RetryConfig.attempts(3), CircuitBreakerConfig.DEFAULTS, time);

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a b", "c", "d"));
        time.advance(Duration.ofMinutes(1));

        assertThat(future).isDone();
        Embeddings result = future.get();
        assertThat(result.size()).isEqualTo(3);
        assertThat(result.inputTokens()).isEqualTo(4);
        assertThat(delegate.calls).containsExactly(List.of("a b", "c"), List.of("a b", "c"), List.of("d"));
        assertThat(time.totalSlept()).isZero();
    }

    @Test
    void asyncFailsWithTheTypedErrorWhenItMayNotRetry() {
        Batches delegate = new Batches();
        delegate.failures.add(new InvalidRequestException("400"));
        EmbeddingModel model = ResilientEmbeddingModel.wrap(delegate, RetryConfig.attempts(3), CircuitBreakerConfig.DEFAULTS, time);

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a"));

        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(InvalidRequestException.class);
        assertThat(delegate.calls).hasSize(1);
    }

    @Test
    void cancellingTheAsyncCallCancelsAPendingRetry() {
        Batches delegate = new Batches();
        delegate.failures.add(new ServerErrorException("503"));
        EmbeddingModel model = ResilientEmbeddingModel.wrap(delegate, RetryConfig.attempts(3), CircuitBreakerConfig.DEFAULTS, time);

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a"));
        assertThat(future.cancel(true)).isTrue();
        time.advance(Duration.ofMinutes(1));

        assertThat(delegate.calls).hasSize(1);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void cancellingTheAsyncCallCancelsTheAttemptInFlight() {
        Batches delegate = new Batches();
        delegate.holdAsync = true;
        ResilientEmbeddingModel model = ResilientEmbeddingModel.wrap(delegate, RetryConfig.attempts(3),
                CircuitBreakerConfig.DEFAULTS.withWindow(2, 2), time);

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a", "b", "c"));
        future.cancel(true);

        assertThat(delegate.held).singleElement().satisfies(f -> assertThat(f).isCancelled());
        assertThat(delegate.calls).hasSize(1);
        assertThat(model.circuitState()).isEqualTo(CircuitState.CLOSED); // a cancel is no failure
    }
}
