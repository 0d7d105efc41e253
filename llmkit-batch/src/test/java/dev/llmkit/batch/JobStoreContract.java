package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, whatever keeps the jobs. An implementation's test extends this and says how
 * to open its store, and how to open it again as a restarted process would.
 */
public abstract class JobStoreContract {
    protected JobStore store;

    /** A new, empty store. */
    protected abstract JobStore open() throws Exception;

    /** The same store opened again, as by a restarted process (the current one is closed first). */
    protected abstract JobStore reopen() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static List<String> lines(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"custom_id\": \"r" + i + "\", \"prompt\": \"q" + i + "\"}");
        }
        return out;
    }

    private static JobStore.NewJob job(String id, int priority, Double budget, boolean remote, int items) {
        return new JobStore.NewJob(id, "name-" + id, priority, budget, remote, lines(items));
    }

    private boolean claim(String job, int index, String owner) {
        return store.claim(job, index, owner, java.time.Duration.ofSeconds(60));
    }

    @Test
    void anItemIsHeldByOneOwnerUntilItsLeaseRunsOutOrItIsRecorded() throws Exception {
        store.create(job("j1", 0, null, false, 2));

        assertThat(claim("j1", 0, "a")).isTrue();
        assertThat(claim("j1", 0, "b")).isFalse();
        assertThat(claim("j1", 0, "a")).isTrue(); // a renewal
        assertThat(store.claim("j1", 1, "a", java.time.Duration.ofMillis(50))).isTrue();
        Thread.sleep(120);
        assertThat(claim("j1", 1, "b")).isTrue(); // a's lease ran out: its runner is taken for dead
        assertThat(claim("j1", 1, "a")).isFalse();
        assertThat(store.claim("j1", 1, "b", java.time.Duration.ZERO)).isTrue(); // b lets go
        assertThat(claim("j1", 1, "a")).isTrue();
        store.complete("j1", 0, "{}", 0, 0, 0);
        assertThat(claim("j1", 0, "a")).isFalse();
        assertThat(store.pendingItems()).extracting(JobStore.Item::index).containsExactly(1); // leases do not hide items
    }

    @Test
    void ofManyThreadsClaimingOneItemExactlyOneHoldsIt() throws Exception {
        store.create(job("j1", 0, null, false, 50));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger held = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String owner = "runner-" + t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (claim("j1", i, owner)) {
                            held.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(held.get()).isEqualTo(50);
    }

    @Test
    void aNewJobRunsWithEveryItemPending() {
        store.create(job("j1", 0, null, false, 3));

        assertThat(store.exists("j1")).isTrue();
        assertThat(store.exists("nope")).isFalse();
        assertThat(store.status("j1")).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(JobStatus.State.RUNNING);
            assertThat(s.total()).isEqualTo(3);
            assertThat(s.pending()).isEqualTo(3);
        });
        assertThat(store.status("nope")).isEmpty();
        assertThat(store.inputs("j1")).isEqualTo(lines(3));
        assertThat(store.inputs("nope")).isEmpty();
        assertThat(store.results("j1")).isEmpty();
        assertThat(claim("j1", 0, "me")).isTrue();
        assertThat(claim("j1", 9, "me")).isFalse();
    }

    @Test
    void jobsAreListedNewestFirst() throws Exception {
        store.create(job("old", 0, null, false, 1));
        Thread.sleep(5);
        store.create(job("remote", 0, null, true, 1));
        Thread.sleep(5);
        store.create(job("new", 0, null, false, 1));
        store.delete("remote");

        assertThat(store.jobs()).containsExactly("new", "old");
    }

    @Test
    void aJobIdCanBeUsedOnce() {
        store.create(job("j1", 0, null, false, 1));

        assertThatThrownBy(() -> store.create(job("j1", 0, null, false, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("j1");
        assertThat(store.status("j1").orElseThrow().total()).isEqualTo(1);
    }

    @Test
    void anItemIsRecordedOnceAndTheJobFinishesWithItsLastItem() {
        store.create(job("j1", 0, null, false, 2));

        assertThat(store.complete("j1", 0, "{\"a\":0}", 10, 5, 0.5)).isTrue();
        assertThat(store.complete("j1", 0, "{\"a\":\"again\"}", 10, 5, 0.5)).isFalse();
        assertThat(store.fail("j1", 0, "late")).isFalse();
        assertThat(claim("j1", 0, "me")).isFalse();
        assertThat(store.status("j1").orElseThrow().state()).isEqualTo(JobStatus.State.RUNNING);
        assertThat(store.fail("j1", 1, "{\"error\":\"x\"}")).isTrue();
        assertThat(store.complete("j1", 1, "{}", 1, 1, 1)).isFalse();

        JobStatus s = store.status("j1").orElseThrow();
        assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
        assertThat(s.done()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.inputTokens()).isEqualTo(10);
        assertThat(s.outputTokens()).isEqualTo(5);
        assertThat(s.cost()).isEqualTo(0.5);
        assertThat(store.results("j1")).satisfiesExactly(
                r -> assertThat(r.output()).contains("{\"a\":0}"),
                r -> assertThat(r.error()).contains("{\"error\":\"x\"}"));
        assertThat(store.results("j1").get(0).input()).isEqualTo(lines(2).get(0));
    }

    @Test
    void aBudgetStopsTheJobWhenTheSpendReachesIt() {
        store.create(job("j1", 0, 1.0, false, 3));

        store.complete("j1", 0, "{}", 1, 1, 0.6);
        assertThat(store.status("j1").orElseThrow().state()).isEqualTo(JobStatus.State.RUNNING);
        store.complete("j1", 1, "{}", 1, 1, 0.6);

        assertThat(store.status("j1").orElseThrow().state()).isEqualTo(JobStatus.State.BUDGET_EXCEEDED);
        assertThat(claim("j1", 2, "me")).isFalse();
        assertThat(store.pendingItems()).isEmpty();
    }

    @Test
    void aCancelledJobRunsNothingMore() {
        store.create(job("j1", 0, null, false, 2));

        assertThat(store.cancel("j1")).isTrue();
        assertThat(store.cancel("j1")).isFalse();
        assertThat(store.cancel("nope")).isFalse();

        assertThat(store.status("j1").orElseThrow().state()).isEqualTo(JobStatus.State.CANCELLED);
        assertThat(claim("j1", 0, "me")).isFalse();
        assertThat(store.pendingItems()).isEmpty();
    }

    @Test
    void pendingItemsComeByPriorityThenAgeThenIndexAndLeaveRemoteJobsOut() throws Exception {
        store.create(job("low", 0, null, false, 2));
        Thread.sleep(5);
        store.create(job("high", 5, null, false, 2));
        Thread.sleep(5);
        store.create(job("low2", 0, null, false, 1));
        store.create(job("remote", 9, null, true, 2));
        store.complete("high", 0, "{}", 0, 0, 0);

        assertThat(store.pendingItems()).extracting(i -> i.job() + "#" + i.index() + "@" + i.priority())
                .containsExactly("high#1@5", "low#0@0", "low#1@0", "low2#0@0");
        assertThat(store.pendingItems().get(0).input()).isEqualTo(lines(2).get(1));
        assertThat(store.pendingItems("low")).extracting(JobStore.Item::index).containsExactly(0, 1);
        assertThat(store.pendingItems("high")).singleElement().satisfies(i -> assertThat(i.priority()).isEqualTo(5));
        assertThat(store.pendingItems("remote")).isEmpty();
        assertThat(store.pendingItems("nope")).isEmpty();
    }

    @Test
    void aRemoteJobIsFollowedUntilItsResultsAreCollected() {
        store.create(job("r1", 0, null, true, 2));
        store.create(job("r2", 0, null, true, 1));

        assertThat(store.remoteJobs()).extracting(JobStore.RemoteJob::job).containsExactly("r1", "r2");
        assertThat(store.remoteJobs().get(0).remoteId()).isEmpty();
        assertThat(store.remoteId("r1", "batch_1")).isTrue();
        assertThat(store.remoteId("r1", "batch_2")).isFalse(); // another process's batch came second
        assertThat(store.remoteId("nope", "batch_3")).isFalse();
        assertThat(store.remoteJobs().get(0).remoteId()).contains("batch_1");

        store.cancel("r2");
        assertThat(store.remoteJobs()).extracting(JobStore.RemoteJob::state)
                .containsExactly(JobStatus.State.RUNNING, JobStatus.State.CANCELLED);
        assertThat(store.complete("r2", 0, "{}", 3, 4, 0)).isTrue(); // answered before the cancel reached the provider

        store.complete("r1", 0, "{}", 0, 0, 0);
        store.fail("r1", 1, "{}");
        store.collected("r1");
        store.collected("r2");

        assertThat(store.remoteJobs()).isEmpty();
        assertThat(store.status("r1").orElseThrow().state()).isEqualTo(JobStatus.State.FINISHED);
        assertThat(store.status("r2").orElseThrow().state()).isEqualTo(JobStatus.State.CANCELLED);
        assertThat(store.status("r2").orElseThrow().done()).isEqualTo(1);
    }

    @Test
    void aDeletedJobIsGone() {
        store.create(job("j1", 0, null, true, 2));

        store.delete("j1");

        assertThat(store.exists("j1")).isFalse();
        assertThat(store.inputs("j1")).isEmpty();
        assertThat(store.remoteJobs()).isEmpty();
        store.create(job("j1", 0, null, false, 1)); // the id is free again
        assertThat(store.status("j1").orElseThrow().total()).isEqualTo(1);
    }

    @Test
    void whatWasRecordedSurvivesARestart() throws Exception {
        store.create(job("j1", 3, 2.0, false, 3));
        store.create(job("r1", 0, null, true, 1));
        store.remoteId("r1", "batch_9");
        store.complete("j1", 0, "{\"a\":0}", 7, 8, 0.25);
        store.fail("j1", 1, "{\"e\":1}");

        store = reopen();

        JobStatus s = store.status("j1").orElseThrow();
        assertThat(s.done()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.inputTokens()).isEqualTo(7);
        assertThat(s.cost()).isEqualTo(0.25);
        assertThat(store.pendingItems()).extracting(JobStore.Item::index).containsExactly(2);
        assertThat(store.pendingItems().get(0).priority()).isEqualTo(3);
        assertThat(store.remoteJobs()).singleElement().satisfies(r -> assertThat(r.remoteId()).contains("batch_9"));
        assertThat(store.complete("j1", 0, "{}", 0, 0, 0)).isFalse();
        store.complete("j1", 2, "{}", 0, 0, 1.0); // the spend before the restart counts: 1.25 of 2.0
        assertThat(store.status("j1").orElseThrow().state()).isEqualTo(JobStatus.State.FINISHED);
    }

    @Test
    void manyThreadsRecordingTheSameItemsRecordEachOnceAndKeepTheTotals() throws Exception {
        int items = 200;
        store.create(job("j1", 0, null, false, items));
        AtomicInteger recorded = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < items; i++) {
                        int index = (i + thread * 25) % items;
                        boolean ok = index % 10 == 0 ? store.fail("j1", index, "{\"t\":" + thread + "}")
                                : store.complete("j1", index, "{\"t\":" + thread + "}", 2, 3, 0.01);
                        if (ok) {
                            recorded.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(recorded.get()).isEqualTo(items);
        JobStatus s = store.status("j1").orElseThrow();
        assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
        assertThat(s.done()).isEqualTo(180);
        assertThat(s.failed()).isEqualTo(20);
        assertThat(s.inputTokens()).isEqualTo(360);
        assertThat(s.outputTokens()).isEqualTo(540);
        assertThat(s.cost()).isCloseTo(1.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(store.results("j1")).hasSize(items);
    }
}
