package dev.llmkit.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {

    @Test
    void aCancelledTimerLeavesTheSharedQueueAtOnce() {
        int before = SystemScheduler.INSTANCE.queuedTasks();
        var timers = new java.util.ArrayList<dev.llmkit.api.Scheduler.Cancellable>();
        for (int i = 0; i < 100; i++) {
            timers.add(SystemScheduler.INSTANCE.schedule(Duration.ofMinutes(5), () -> { }));
        }
        assertThat(SystemScheduler.INSTANCE.queuedTasks()).isGreaterThanOrEqualTo(before + 100);

        timers.forEach(dev.llmkit.api.Scheduler.Cancellable::cancel);

        assertThat(SystemScheduler.INSTANCE.queuedTasks()).isLessThanOrEqualTo(before);
    }
}
