package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaffeineCacheStoreTest {
    private final ManualScheduler time = new ManualScheduler();

    @Test
    void eachEntryExpiresAfterItsOwnTimeToLive() {
        CaffeineCacheStore<String> store = CaffeineCacheStore.<String>builder().scheduler(time).build();
        store.put("short", "a", Duration.ofSeconds(10));
        store.put("long", "b", Duration.ofMinutes(10));
        time.advance(Duration.ofSeconds(11));
        assertThat(store.get("short")).isEmpty();
        assertThat(store.get("long")).contains("b");
        store.put("long", "c", Duration.ofSeconds(5)); // a replacement takes its own time to live
        time.advance(Duration.ofSeconds(6));
        assertThat(store.get("long")).isEmpty();
    }

    @Test
    void evictionsAndExpiriesAreReportedButRemovalsAreNot() {
        List<String> evicted = new ArrayList<>();
        CaffeineCacheStore<String> store = CaffeineCacheStore.<String>builder().scheduler(time).maximumSize(3)
                .onEviction((k, v) -> evicted.add(k)).build();
        store.put("gone", "x", Duration.ofSeconds(1));
        store.put("removed", "y", Duration.ofHours(1));
        assertThat(store.remove("removed")).isTrue();
        assertThat(store.remove("removed")).isFalse();
        time.advance(Duration.ofSeconds(2));
        store.size();
        assertThat(evicted).containsExactly("gone");
        for (int i = 0; i < 20; i++) {
            store.put("k" + i, "v", Duration.ofHours(1));
        }
        assertThat(store.size()).isLessThanOrEqualTo(3);
        assertThat(evicted).hasSizeGreaterThanOrEqualTo(17);
    }

    @Test
    void aWeightLimitBoundsTheSumOfWeights() {
        CaffeineCacheStore<String> store = CaffeineCacheStore.<String>builder().scheduler(time)
                .maximumWeight(1_000, String::length).build();
        for (int i = 0; i < 50; i++) {
            store.put("k" + i, "x".repeat(100), Duration.ofHours(1));
        }
        assertThat(store.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void badLimitsAndTimesAreRefused() {
        assertThatThrownBy(() -> CaffeineCacheStore.<String>builder().maximumSize(0))
                .isInstanceOf(IllegalArgumentException.class);
        CaffeineCacheStore<String> store = CaffeineCacheStore.<String>builder().build();
        assertThatThrownBy(() -> store.put("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl must be positive");
    }
}
