package dev.llmkit.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitStoreTest {
    private final TestClock clock = new TestClock();
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock);
    private final List<TokenBucket> one = List.of(TokenBucket.perMinute(60));

    @Test
    void aNewBucketStartsFullAndRefusesWhenEmptyWithTheTimeUntilRefill() {
        for (int i = 0; i < 60; i++) {
            assertThat(store.tryAcquire("k", one, new double[] {1}, Duration.ZERO).granted()).isTrue();
        }
        Acquisition refused = store.tryAcquire("k", one, new double[] {1}, Duration.ZERO);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.waitTime()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.tryAcquire("k", one, new double[] {1}, Duration.ZERO).granted()).isTrue();
    }

    @Test
    void grantsWithAWaitWithinMaxWaitAndLaterCallersQueueBehindTheReservation() {
        store.tryAcquire("k", one, new double[] {60}, Duration.ZERO);

        Acquisition first = store.tryAcquire("k", one, new double[] {1}, Duration.ofSeconds(5));
        Acquisition second = store.tryAcquire("k", one, new double[] {1}, Duration.ofSeconds(5));

        assertThat(first).isEqualTo(Acquisition.granted(Duration.ofSeconds(1)));
        assertThat(second).isEqualTo(Acquisition.granted(Duration.ofSeconds(2)));
        assertThat(store.available("k", one)[0]).isCloseTo(-2, within(1e-9));
    }

    @Test
    void takesFromEveryBucketOfAGroupOrFromNone() {
        List<TokenBucket> two = List.of(TokenBucket.perMinute(10), TokenBucket.perMinute(100));
        store.tryAcquire("k", two, new double[] {1, 95}, Duration.ZERO);

        Acquisition refused = store.tryAcquire("k", two, new double[] {1, 10}, Duration.ZERO);

        assertThat(refused.granted()).isFalse();
        assertThat(store.available("k", two)).containsExactly(9, 5);
    }

    @Test
    void adjustGivesBackUpToCapacityAndChargesBelowZero() {
        store.tryAcquire("k", one, new double[] {10}, Duration.ZERO);
        store.adjust("k", one, new double[] {100});
        assertThat(store.available("k", one)[0]).isEqualTo(60);

        store.adjust("k", one, new double[] {-70});
        assertThat(store.available("k", one)[0]).isEqualTo(-10);
    }

    @Test
    void refusesATakeLargerThanTheBucketAndAKeyUsedWithAnotherShape() {
        assertThatThrownBy(() -> store.tryAcquire("k", one, new double[] {61}, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        store.tryAcquire("k", one, new double[] {1}, Duration.ZERO);
        assertThatThrownBy(() -> store.tryAcquire("k", List.of(one.get(0), one.get(0)), new double[] {1, 1},
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one key per");
    }

    @Test
    void underManyThreadsNeverGrantsMoreThanCapacityPlusRefillPlusGivenBack() throws Exception {
        List<TokenBucket> group = List.of(TokenBucket.perMinute(1_000), TokenBucket.perMinute(50_000));
        LongAdder grantedRequests = new LongAdder();
        LongAdder grantedTokens = new LongAdder();
        LongAdder givenBack = new LongAdder();
        AtomicLong advanced = new AtomicLong();

        StressRunner.onThreads(8, t -> {
            for (int i = 0; i < 20_000; i++) {
                long tokens = 1 + (i * 7 + t) % 90;
                Acquisition a = store.tryAcquire("shared", group, new double[] {1, tokens}, Duration.ZERO);
                if (a.granted()) {
                    grantedRequests.increment();
                    grantedTokens.add(tokens);
                    if (i % 5 == 0) {
                        store.adjust("shared", group, new double[] {0, tokens});
                        givenBack.add(tokens);
                    }
                }
                if (i % 100 == 0) {
                    clock.advance(Duration.ofMillis(1));
                    advanced.incrementAndGet();
                }
            }
        });

        double minutes = advanced.get() / 60_000.0;
        double[] left = store.available("shared", group);
        assertThat(grantedRequests.sum() + left[0]).isLessThanOrEqualTo(1_000 + minutes * 1_000 + 1e-6);
        assertThat(grantedTokens.sum() + left[1])
                .isLessThanOrEqualTo(50_000 + minutes * 50_000 + givenBack.sum() + 1e-6);
        assertThat(left[0]).isGreaterThanOrEqualTo(0);
        assertThat(left[1]).isGreaterThanOrEqualTo(0);
    }

    @Test
    void underManyThreadsWithoutTimeGrantsExactlyTheCapacity() throws Exception {
        LongAdder granted = new LongAdder();

        StressRunner.onThreads(8, t -> {
            for (int i = 0; i < 5_000; i++) {
                if (store.tryAcquire("exact", one, new double[] {1}, Duration.ZERO).granted()) {
                    granted.increment();
                }
            }
        });

        assertThat(granted.sum()).isEqualTo(60);
    }
}
