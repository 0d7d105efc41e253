package dev.llmkit.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
    private final TestClock clock = new TestClock();
    private final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);

    @Test
    void addsWithinAWindowAndStartsAgainFromZeroInTheNext() {
        store.add("tenant", BudgetWindow.HOUR, 30);
        assertThat(store.add("tenant", BudgetWindow.HOUR, 12)).isEqualTo(42);
        assertThat(store.spent("tenant", BudgetWindow.DAY)).isZero();

        clock.advance(Duration.ofHours(1));

        assertThat(store.spent("tenant", BudgetWindow.HOUR)).isZero();
        assertThat(store.add("tenant", BudgetWindow.HOUR, 5)).isEqualTo(5);
    }

    @Test
    void windowsAreAlignedToTheEpochSoEveryStoreAgrees() {
        BudgetWindow day = BudgetWindow.DAY;
        assertThat(day.end(TestClock.START.plusSeconds(3600))).isEqualTo(TestClock.START.plusSeconds(86_400));
        assertThat(BudgetWindow.TOTAL.index(TestClock.START)).isZero();
    }

    @Test
    void tryAddRefusesWhatWouldPassTheLimitAndChangesNothing() {
        assertThat(store.tryAdd("u", BudgetWindow.TOTAL, 80, 100).accepted()).isTrue();

        BudgetCheck refused = store.tryAdd("u", BudgetWindow.TOTAL, 21, 100);

        assertThat(refused.accepted()).isFalse();
        assertThat(refused.spent()).isEqualTo(80);
        assertThat(refused.remaining()).isEqualTo(20);
        assertThat(store.tryAdd("u", BudgetWindow.TOTAL, 20, 100).spent()).isEqualTo(100);
    }

    @Test
    void negativeAddsCorrectAnEstimate() {
        store.add("u", BudgetWindow.TOTAL, 500);
        assertThat(store.add("u", BudgetWindow.TOTAL, -380)).isEqualTo(120);
    }

    @Test
    void underManyThreadsTryAddNeverPassesTheLimitAndLosesNoAdd() throws Exception {
        LongAdder accepted = new LongAdder();
        LongAdder added = new LongAdder();

        StressRunner.onThreads(8, t -> {
            for (int i = 0; i < 20_000; i++) {
                long amount = 1 + (i + t) % 13;
                if (store.tryAdd("limited", BudgetWindow.TOTAL, amount, 100_000).accepted()) {
                    accepted.add(amount);
                }
                store.add("free", BudgetWindow.DAY, amount);
                added.add(amount);
            }
        });

        assertThat(store.spent("limited", BudgetWindow.TOTAL)).isEqualTo(accepted.sum()).isLessThanOrEqualTo(100_000)
                .isGreaterThan(100_000 - 13);
        assertThat(store.spent("free", BudgetWindow.DAY)).isEqualTo(added.sum());
    }
}
