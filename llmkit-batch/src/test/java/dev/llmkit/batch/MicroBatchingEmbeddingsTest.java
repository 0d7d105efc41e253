package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.contract.EmbeddingModelContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MicroBatchingEmbeddingsTest {

    /** A fake model that takes a millisecond per call, as a real one takes time, and records each call's size. */
    private static final class Slow implements EmbeddingModel {
        final FakeEmbeddingModel fake = new FakeEmbeddingModel(16);
        final ConcurrentLinkedQueue<Integer> calls = new ConcurrentLinkedQueue<>();
        volatile RuntimeException failure;

        @Override
        public List<float[]> embedAll(List<String> texts) {
            calls.add(texts.size());
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return fake.embedAll(texts);
        }

        @Override
        public int dimension() {
            return 16;
        }
    }

    @Test
    void sixtyFourThreadsEachGetTheirOwnVectorsFromSharedBatches() throws Exception {
        Slow model = new Slow();
        MicroBatchingEmbeddings batching = MicroBatchingEmbeddings.builder(model).maxBatchSize(32)
                .maxWait(Duration.ofMillis(5)).build();
        int threads = 64;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                int wrong = 0;
                for (int i = 0; i < perThread; i++) {
                    String text = "thread " + thread + " text " + i;
                    List<String> texts = i % 5 == 0 ? List.of(text, text + " bis") : List.of(text);
                    List<float[]> got = batching.embedAll(texts);
                    for (int k = 0; k < texts.size(); k++) {
                        if (!java.util.Arrays.equals(got.get(k), model.fake.embed(texts.get(k)))) {
                            wrong++;
                        }
                    }
                }
                return wrong;
            }));
        }
        start.countDown();
        int wrong = 0;
        for (Future<Integer> f : results) {
            wrong += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int texts = threads * perThread + threads * (perThread / 5);
        assertThat(wrong).isZero();
        assertThat(model.calls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(texts);
        assertThat(model.calls).allSatisfy(n -> assertThat(n).isBetween(1, 32));
        assertThat(model.calls.size()).isLessThan(threads * perThread / 4);  // batches formed: far fewer model calls
        assertThat(model.calls.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(8);
    }

    @Test
    void aFailedBatchFailsEveryCallerInIt() throws Exception {
        Slow model = new Slow();
        model.failure = new ServerErrorException("HTTP 503 from the embedding server");
        MicroBatchingEmbeddings batching = MicroBatchingEmbeddings.builder(model).maxBatchSize(8)
                .maxWait(Duration.ofMillis(50)).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            calls.add(pool.submit(() -> batching.embed("text " + n)));
        }
        for (Future<?> f : calls) {
            assertThatThrownBy(f::get).hasCauseInstanceOf(ServerErrorException.class);
        }
        pool.shutdown();
        assertThat(model.calls.size()).isLessThan(4);
    }

    @Test
    void largeCallsAndQueriesGoStraightToTheModel() {
        Slow model = new Slow();
        MicroBatchingEmbeddings batching = MicroBatchingEmbeddings.builder(model).maxBatchSize(4)
                .maxWait(Duration.ofSeconds(30)).build();

        assertThat(batching.embedAll(List.of("a", "b", "c", "d", "e"))).hasSize(5);
        assertThat(batching.embedQuery("q")).isEqualTo(model.fake.embedQuery("q"));
        assertThat(model.calls).containsExactly(5, 1); // the query did not wait 30 s for a batch
    }

    @Nested
    class Contract extends EmbeddingModelContract {
        @Override
        protected EmbeddingModel model() {
            return MicroBatchingEmbeddings.builder(new FakeEmbeddingModel(8)).maxWait(Duration.ofMillis(1)).build();
        }
    }
}
