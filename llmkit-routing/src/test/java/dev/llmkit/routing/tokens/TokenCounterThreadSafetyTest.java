package dev.llmkit.routing.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenCounterThreadSafetyTest {
    private static final int THREADS = 32;
    private static final int ROUNDS = 5;

    @Test
    void manyThreadsSharingCountersGetTheSingleThreadedCounts() throws Exception {
        List<String> samples = Corpus.samples();
        OpenAiTokenCounter[] counters = {
            OpenAiTokenCounter.forModel("gpt-4o"), OpenAiTokenCounter.forModel("gpt-4")
        };
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<int[][]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int[][] counts = new int[counters.length][samples.size()];
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int i = 0; i < samples.size(); i++) {
                            int k = (i + offset) % samples.size(); // threads walk the corpus out of step
                            for (int c = 0; c < counters.length; c++) {
                                int n = counters[c].count(samples.get(k));
                                if (round > 0 && counts[c][k] != n) {
                                    counts[c][k] = -1; // unstable: remembered as a mismatch
                                } else if (counts[c][k] != -1) {
                                    counts[c][k] = n;
                                }
                            }
                        }
                    }
                    return counts;
                }));
            }
            start.countDown();
            int[][] expected = new int[counters.length][samples.size()];
            for (int c = 0; c < counters.length; c++) {
                for (int i = 0; i < samples.size(); i++) {
                    expected[c][i] = counters[c].count(samples.get(i));
                }
            }
            for (Future<int[][]> f : results) {
                assertThat(f.get(5, TimeUnit.MINUTES)).isDeepEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
