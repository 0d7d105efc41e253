package dev.llmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.EmbeddingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EmbeddingsApiTest {

    /** Embeds each text as {length}; only implements the abstract methods. */
    private static class Lengths implements EmbeddingModel {
        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            texts.forEach(t -> out.add(new float[] {t.length()}));
            return out;
        }

        @Override
        public int dimension() {
            return 1;
        }
    }

    @Test
    void embeddingsCopyTheListAndKnowWhetherUsageWasReported() {
        List<float[]> vectors = new ArrayList<>(List.of(new float[] {1}, new float[] {2}));
        Embeddings unknown = Embeddings.of(vectors, "m");
        Embeddings known = Embeddings.of(vectors, "m", 7);
        vectors.clear();

        assertThat(unknown.size()).isEqualTo(2);
        assertThat(unknown.usageKnown()).isFalse();
        assertThat(unknown.inputTokens()).isZero();
        assertThat(unknown.usage()).isEmpty();
        assertThat(known.usage()).contains(Usage.of(7, 0));
        assertThatThrownBy(() -> known.vectors().add(new float[] {3})).isInstanceOf(UnsupportedOperationException.class);
        assertThat(known.toBuilder().usageUnknown().build()).isEqualTo(unknown);
        assertThat(known).isEqualTo(Embeddings.of(List.of(new float[] {1}, new float[] {2}), "m", 7));
    }

    @Test
    void embeddingsRejectMissingValues() {
        assertThatThrownBy(() -> Embeddings.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("model");
        assertThatThrownBy(() -> Embeddings.of(Arrays.asList(new float[] {1}, null), "m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vector 1");
        assertThatThrownBy(() -> Embeddings.of(List.of(), "m", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultBatchCallWrapsEmbedAllWithUnknownUsage() {
        Embeddings result = new Lengths().embedBatch(List.of("a", "bbb"));

        assertThat(result.vectors()).extracting(v -> v[0]).containsExactly(1f, 3f);
        assertThat(result.usageKnown()).isFalse();
        assertThat(result.model()).isEqualTo("Lengths");
        assertThat(new Lengths().maxBatchSize()).isEqualTo(EmbeddingModel.DEFAULT_MAX_BATCH_SIZE);
    }

    @Test
    void theDefaultAsyncCallRunsOnTheDocumentedPoolAndCompletes() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        EmbeddingModel model = new Lengths() {
            @Override
            public Embeddings embedBatch(List<String> texts) {
                thread.set(Thread.currentThread().getName());
                return super.embedBatch(texts);
            }
        };

        Embeddings result = model.embedBatchAsync(List.of("abcd")).get(10, TimeUnit.SECONDS);

        assertThat(result.vectors().get(0)).containsExactly(4f);
        assertThat(thread.get()).startsWith("llmkit-embeddings-async-");
    }

    @Test
    void theDefaultAsyncCallFailsWithTheTypedError() {
        EmbeddingModel model = new Lengths() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                throw new RateLimitedException("429");
            }
        };

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a"));

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RateLimitedException.class);
    }

    @Test
    void cancellingTheDefaultAsyncCallInterruptsTheWork() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        EmbeddingModel model = new Lengths() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                started.countDown();
                try {
                    new CountDownLatch(1).await(); // blocks until interrupted
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return super.embedAll(texts);
            }
        };

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(true)).isTrue();

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the running call was interrupted").isTrue();
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void theAsyncCallCopiesItsInput() throws Exception {
        List<String> texts = new ArrayList<>(List.of("abc"));
        CountDownLatch release = new CountDownLatch(1);
        EmbeddingModel model = new Lengths() {
            @Override
            public List<float[]> embedAll(List<String> in) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.embedAll(in);
            }
        };

        CompletableFuture<Embeddings> future = model.embedBatchAsync(texts);
        texts.add("more");
        release.countDown();

        assertThat(future.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);
    }

    @Test
    void eventsCarryTheirValuesAndGrowThroughTheirBuilder() {
        EmbeddingEvent ok = EmbeddingEvent.builder().provider("openai").model("m").texts(3).inputTokens(12)
                .latency(Duration.ofMillis(5)).callId("c-1").build();
        EmbeddingEvent failed = ok.toBuilder().error(new RateLimitedException("429")).build();

        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.usage()).contains(Usage.of(12, 0));
        assertThat(ok.callId()).contains("c-1");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).containsInstanceOf(RateLimitedException.class);
        assertThat(failed.texts()).isEqualTo(3);
        assertThat(EmbeddingEvent.builder().model("m").build().usageKnown()).isFalse();
        assertThatThrownBy(() -> EmbeddingEvent.builder().texts(1).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EmbeddingEvent.builder().latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThrowingListenerIsIsolatedFromTheOthers() {
        List<EmbeddingEvent> seen = new ArrayList<>();
        EmbeddingListener both = EmbeddingListener.composite(e -> {
            throw new IllegalStateException("bug");
        }, seen::add);
        EmbeddingEvent event = EmbeddingEvent.builder().model("m").build();

        both.onEmbedding(event);
        EmbeddingListener.safe(e -> {
            throw new IllegalStateException("bug");
        }).onEmbedding(event);

        assertThat(seen).containsExactly(event);
        assertThat(EmbeddingListener.safe(EmbeddingListener.NONE)).isSameAs(EmbeddingListener.NONE);
    }
}
