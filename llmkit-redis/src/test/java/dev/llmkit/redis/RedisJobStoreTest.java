package dev.llmkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.batch.BatchRunner;
import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
import dev.llmkit.batch.JobStoreContract;
import dev.llmkit.testing.FakeChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job store contract on a real redis-server, and what sharing jobs across a fleet adds. */
class RedisJobStoreTest extends JobStoreContract {
    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();
    private final String prefix = "jobs-" + UUID.randomUUID() + ":";

    private RedisStores stores() {
        return REDIS.stores(prefix);
    }

    @Override
    protected JobStore open() {
        return RedisJobStore.on(stores());
    }

    @Override
    protected JobStore reopen() {
        store.close();
        return RedisJobStore.on(stores()); // a new pool, as a restarted process would have
    }

    private static List<String> prompts(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"custom_id\": \"q" + i + "\", \"prompt\": \"question " + i + "\"}");
        }
        return out;
    }

    @Test
    void twoInstancesShareOneJobAndAnswerEachItemOnce() throws Exception {
        FakeChatModel model = FakeChatModel.echo();
        JobStore other = RedisJobStore.on(stores());
        try (BatchRunner a = BatchRunner.builder(store, model).workers(3).build();
                BatchRunner b = BatchRunner.builder(other, model).workers(3).build()) {
            String job = a.submit("shared", prompts(300), 0, null);
            b.resume(); // the second instance joins in on the same job

            JobStatus s = b.await(job, Duration.ofSeconds(60));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.done()).isEqualTo(300);
            assertThat(a.results(job)).hasSize(300);
            // each worker claims its item in Redis first: no item reaches the model twice
            assertThat(model.requests()).hasSize(300);
            assertThat(model.requests()).extracting(r -> r.lastUserText()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aFleetWorkerTakesUpJobsSubmittedElsewhereByItself() throws Exception {
        FakeChatModel model = FakeChatModel.echo();
        JobStore elsewhere = RedisJobStore.on(stores()); // another machine, which only records the job
        try (BatchRunner worker = BatchRunner.builder(store, model).lease(Duration.ofMillis(200)).joinAll(true)
                .build()) {
            String job = java.util.UUID.randomUUID().toString();
            elsewhere.create(new JobStore.NewJob(job, "elsewhere", 0, null, false, prompts(20)));

            JobStatus s = worker.await(job, Duration.ofSeconds(30));

            assertThat(s.done()).isEqualTo(20);
            assertThat(model.requests()).hasSize(20);
        }
    }

    @Test
    void aFinishedJobExpiresAfterTheRetentionAndARunningOneNever() throws Exception {
        JobStore shortLived = RedisJobStore.on(stores(), Duration.ofMillis(300));
        shortLived.create(new JobStore.NewJob("ends", "x", 0, null, false, prompts(1)));
        shortLived.create(new JobStore.NewJob("runs", "x", 0, null, false, prompts(1)));
        shortLived.complete("ends", 0, "{}", 0, 0, 0);

        Thread.sleep(800);

        assertThat(shortLived.status("ends")).isEmpty();
        assertThat(shortLived.status("runs")).isPresent();
        assertThat(shortLived.jobs()).containsExactly("runs"); // the expired one left the listing
        assertThat(shortLived.pendingItems()).extracting(JobStore.Item::job).containsExactly("runs");
    }

    @Test
    void twoProcessesCreatingTheSameJobAtOnceLeaveOneWholeJob() throws Exception {
        JobStore other = RedisJobStore.on(stores());
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (JobStore s : List.of(store, other)) {
            threads.add(new Thread(() -> {
                try {
                    s.create(new JobStore.NewJob("same", "x", 0, null, false, prompts(3_000)));
                    created.incrementAndGet();
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }

        assertThat(created).hasValue(1);
        assertThat(refused).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("same"));
        assertThat(store.inputs("same")).isEqualTo(prompts(3_000));
        assertThat(store.pendingItems()).hasSize(3_000);
    }

    @Test
    void anItemRecordedAfterItsJobWasCancelledExpiresWithTheJob() throws Exception {
        JobStore shortLived = RedisJobStore.on(stores(), Duration.ofMillis(300));
        shortLived.create(new JobStore.NewJob("c", "x", 0, null, false, prompts(2)));
        shortLived.cancel("c");
        shortLived.complete("c", 0, "{}", 0, 0, 0); // an answer that was in flight when the job was cancelled

        Thread.sleep(800);

        assertThat(shortLived.status("c")).isEmpty();
        assertThat(shortLived.results("c")).isEmpty();
    }

    @Test
    void aJobOfManyItemsIsWrittenInChunksAndAHalfWrittenOneIsNotAJob() {
        store.create(new JobStore.NewJob("big", "x", 0, null, false, prompts(1_234)));

        assertThat(store.inputs("big")).hasSize(1_234).last().asString().contains("q1233");
        assertThat(store.pendingItems()).hasSize(1_234);
        assertThatThrownBy(() -> RedisJobStore.on(stores(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreThatCannotReachRedisThrowsInsteadOfForgetting() throws Exception {
        store.create(new JobStore.NewJob("j", "x", 0, null, false, prompts(1)));
        REDIS.server().kill();
        try {
            assertThatThrownBy(() -> store.complete("j", 0, "{}", 0, 0, 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not record item 0 of job j");
        } finally {
            REDIS.server().restart();
        }
    }
}
