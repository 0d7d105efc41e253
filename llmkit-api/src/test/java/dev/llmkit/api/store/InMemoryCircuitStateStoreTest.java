package dev.llmkit.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.event.CircuitState;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class InMemoryCircuitStateStoreTest {
    private final InMemoryCircuitStateStore store = new InMemoryCircuitStateStore();

    @Test
    void anUnwrittenBreakerIsClosedAtVersionZero() {
        assertThat(store.read("b")).isEqualTo(CircuitSnapshot.INITIAL);
        assertThat(store.read("b").state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void compareAndSetWritesOnlyAgainstTheCurrentVersion() {
        CircuitSnapshot start = store.read("b");
        CircuitSnapshot open = start.next().state(CircuitState.OPEN).epoch(1).openedAt(42).build();

        assertThat(store.compareAndSet("b", start, open)).isTrue();
        assertThat(store.compareAndSet("b", start, start.next().counters(new long[] {1}).build())).isFalse();
        assertThat(store.read("b")).isEqualTo(open);
        assertThat(store.read("other").state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void refusesASnapshotNotBuiltFromTheExpectedOne() {
        CircuitSnapshot start = store.read("b");
        CircuitSnapshot skipped = start.next().build().next().build();
        assertThatThrownBy(() -> store.compareAndSet("b", start, skipped)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countersAreCopiedInAndOut() {
        long[] counters = {1, 2};
        CircuitSnapshot s = CircuitSnapshot.INITIAL.next().counters(counters).build();
        counters[0] = 99;
        s.counters()[1] = 99;
        assertThat(s.counters()).containsExactly(1, 2);
    }

    @Test
    void underManyThreadsEveryReadModifyWriteLoopLosesNoIncrement() throws Exception {
        LongAdder done = new LongAdder();

        StressRunner.onThreads(8, t -> {
            for (int i = 0; i < 10_000; i++) {
                while (true) {
                    CircuitSnapshot s = store.read("shared");
                    long n = s.counterCount() == 0 ? 0 : s.counter(0);
                    if (store.compareAndSet("shared", s, s.next().counters(new long[] {n + 1}).build())) {
                        done.increment();
                        break;
                    }
                }
            }
        });

        CircuitSnapshot end = store.read("shared");
        assertThat(end.counter(0)).isEqualTo(done.sum()).isEqualTo(80_000);
        assertThat(end.version()).isEqualTo(80_000);
    }
}
