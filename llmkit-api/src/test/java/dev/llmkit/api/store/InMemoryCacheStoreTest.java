package dev.llmkit.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class InMemoryCacheStoreTest {
    private final TestClock clock = new TestClock();

    @Test
    void returnsALiveEntryAndNeverAnExpiredOne() {
        InMemoryCacheStore<String> store = new InMemoryCacheStore<>(clock, 10);
        store.put("q", "answer", Duration.ofSeconds(10));

        assertThat(store.get("q")).contains("answer");
        clock.advance(Duration.ofSeconds(10));
        assertThat(store.get("q")).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void putReplacesAndRemoveSaysWhetherALiveValueWasThere() {
        InMemoryCacheStore<byte[]> store = new InMemoryCacheStore<>(clock, 10);
        store.put("k", "a".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1));
        store.put("k", "b".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1));

        assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8))
                .isEqualTo("b"));
        assertThat(store.remove("k")).isTrue();
        assertThat(store.remove("k")).isFalse();
    }

    @Test
    void aFullStoreSweepsExpiredEntriesBeforeRefusingNewKeys() {
        InMemoryCacheStore<String> store = new InMemoryCacheStore<>(clock, 2);
        store.put("a", "1", Duration.ofSeconds(1));
        store.put("b", "2", Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));

        store.put("c", "3", Duration.ofSeconds(5));
        store.put("d", "4", Duration.ofSeconds(5));

        assertThat(store.get("c")).contains("3");
        assertThat(store.get("d")).isEmpty();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void underManyThreadsNeverHoldsMoreThanItsBoundAndEveryHitIsTheLastPutValueShape() throws Exception {
        InMemoryCacheStore<String> store = new InMemoryCacheStore<>(clock, 500);
        LongAdder hits = new LongAdder();

        StressRunner.onThreads(8, t -> {
            for (int i = 0; i < 20_000; i++) {
                String key = "k" + (i * 31 + t) % 1_000;
                store.put(key, key + "=v", Duration.ofMillis(50));
                if (store.get(key).filter(v -> v.equals(key + "=v")).isPresent()) {
                    hits.increment();
                }
                if (i % 1_000 == 0) {
                    clock.advance(Duration.ofMillis(20));
                }
            }
        });

        assertThat(store.size()).isLessThanOrEqualTo(500 + 8);
        assertThat(hits.sum()).isPositive();
    }
}
