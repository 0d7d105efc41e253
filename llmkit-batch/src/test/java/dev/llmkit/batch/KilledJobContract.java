package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose process is killed with SIGKILL mid-way resumes in a new process: no item answered twice, none lost.
 * A store's test extends this and says how the worker JVM reaches the store.
 */
public abstract class KilledJobContract {
    private static final int ITEMS = 400;

    @TempDir
    protected Path dir;

    /** The worker JVM's main class: it calls {@link BatchWorkerMain#run} with the store {@code storeArgument} names. */
    protected abstract String workerMain();

    /** What tells the worker where the store is (a file, a URI). */
    protected abstract String storeArgument();

    /** The store, opened in this JVM. */
    protected abstract JobStore openStore();

    private Process start(Path requests, Path calls) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), workerMain(),
                storeArgument(), requests.toString(), calls.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
    }

    private Set<String> doneIds() {
        Set<String> done = new HashSet<>();
        try (JobStore s = openStore()) {
            for (JobStore.Result r : s.results("kill-test")) {
                r.output().ifPresent(o -> done.add(BatchRequests.customId(o, -1)));
            }
        }
        return done;
    }

    @Test
    public void aKilledJobResumesWithNoItemAnsweredTwiceAndNoneLost() throws Exception {
        Path requests = dir.resolve("requests.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            lines.add("{\"custom_id\": \"r" + i + "\", \"prompt\": \"r" + i + "\"}");
        }
        Files.write(requests, lines);
        Path calls1 = dir.resolve("calls-1.log");
        Path calls2 = dir.resolve("calls-2.log");

        Process first = start(requests, calls1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!Files.exists(calls1) || Files.readAllLines(calls1).size() < 120)) {
            Thread.sleep(20);
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Set<String> doneBeforeKill = doneIds();
        assertThat(doneBeforeKill).hasSizeBetween(50, ITEMS - 1);

        Process second = start(requests, calls2);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(dir.resolve("worker.log"))).isTrue();

        Set<String> calledAfter = new HashSet<>(Files.readAllLines(calls2));
        assertThat(calledAfter).doesNotContainAnyElementsOf(doneBeforeKill); // nothing answered is sent again
        try (JobStore s = openStore()) {
            JobStatus status = s.status("kill-test").orElseThrow();
            assertThat(status.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(status.done()).isEqualTo(ITEMS);
            List<JobStore.Result> results = s.results("kill-test");
            assertThat(results).hasSize(ITEMS); // one answer per item: none lost, none twice
            for (JobStore.Result r : results) {
                assertThat(r.output().orElseThrow()).contains("\"answer to r" + r.index() + "\"");
            }
        }
        // the items sent twice are at most the ones in flight when the process died
        Set<String> calledBefore = new HashSet<>(Files.readAllLines(calls1));
        Set<String> twice = new HashSet<>(calledBefore);
        twice.retainAll(calledAfter);
        assertThat(twice.size()).isLessThanOrEqualTo(3);
    }
}
