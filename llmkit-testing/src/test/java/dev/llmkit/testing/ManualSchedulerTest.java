package dev.llmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    @Test
    void runsTasksInDueOrderOnlyWhenTimeAdvances() {
        ManualScheduler time = new ManualScheduler();
        List<String> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(2), () -> ran.add("two"));
        time.schedule(Duration.ofSeconds(1), () -> ran.add("one"));
        Scheduler.Cancellable three = time.schedule(Duration.ofSeconds(3), () -> ran.add("three"));

        time.advance(Duration.ofMillis(1500));
        assertThat(ran).containsExactly("one");
        three.cancel();
        time.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("one", "two");
        assertThat(time.now()).isEqualTo(ManualScheduler.START.plusMillis(6500));
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void tasksScheduledByTasksRunWhenDue() {
        ManualScheduler time = new ManualScheduler();
        List<Long> at = new ArrayList<>();
        time.schedule(Duration.ofSeconds(1), () -> {
            at.add(time.nanoTime());
            time.schedule(Duration.ofSeconds(1), () -> at.add(time.nanoTime()));
        });

        time.advance(Duration.ofSeconds(3));

        assertThat(at).containsExactly(1_000_000_000L, 2_000_000_000L);
    }

    @Test
    void sleepAdvancesInsteadOfBlocking() {
        ManualScheduler time = new ManualScheduler();
        List<String> ran = new ArrayList<>();
        time.schedule(Duration.ofHours(1), () -> ran.add("timeout"));

        time.sleep(Duration.ofHours(2));

        assertThat(ran).containsExactly("timeout");
        assertThat(time.totalSlept()).isEqualTo(Duration.ofHours(2));
    }
}
