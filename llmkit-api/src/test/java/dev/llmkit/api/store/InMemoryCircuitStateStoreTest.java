package dev.llmkit.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.event.CircuitState;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class InMemoryCircuitStateStoreTest {
    private final InMemoryCircuitStateStore store = new InMemoryCircuitStateStore();

    private CircuitRecord read(String key) {
        CircuitRecord r = new CircuitRecord();
        store.read(key, r);
        return r;
    }

    @Test
    void anUnwrittenBreakerIsClosedAtVersionZero() {
        assertThat(read("b")).isEqualTo(new CircuitRecord());
        assertThat(read("b").state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void compareAndSetWritesAgainstTheCurrentVersionAndOtherwiseHandsBackTheCurrentRecord() {
        CircuitRecord open = read("b").state(CircuitState.OPEN).epoch(1).openedAt(42);
        assertThat(store.compareAndSet("b", 0, open)).isTrue();
        assertThat(open.version()).isEqualTo(1);

        CircuitRecord stale = new CircuitRecord().resizeCounters(1);
        stale.counters()[0] = 7;
        assertThat(store.compareAndSet("b", 0, stale)).isFalse();

        assertThat(stale).isEqualTo(open);
        assertThat(read("b")).isEqualTo(open);
        assertThat(read("other").state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theStoreNeverKeepsTheCallersRecord() {
        CircuitRecord mine = new CircuitRecord().resizeCounters(2);
        mine.counters()[0] = 1;
        store.compareAndSet("b", 0, mine);
        mine.counters()[0] = 99;

        assertThat(read("b").counters()).containsExactly(1, 0);
    }

    @Test
    void underManyThreadsEveryDecideAndWriteLoopLosesNoIncrement() throws Exception {
        LongAdder done = new LongAdder();

        StressRunner.onThreads(8, t -> {
            CircuitRecord mine = new CircuitRecord();
            store.read("shared", mine);
            for (int i = 0; i < 10_000; i++) {
                while (true) {
                    long seen = mine.version();
                    if (mine.counters().length == 0) {
                        mine.resizeCounters(1);
                    }
                    mine.counters()[0]++;
                    if (store.compareAndSet("shared", seen, mine)) {
                        done.increment();
                        break;
                    }
                }
            }
        });

        CircuitRecord end = read("shared");
        assertThat(end.counters()[0]).isEqualTo(done.sum()).isEqualTo(80_000);
        assertThat(end.version()).isEqualTo(80_000);
    }
}
