package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Usage;
import dev.llmkit.testing.FakeChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs answered by a provider's batch API, under the same job ids, status, results and cancel as local ones. */
class RemoteJobsTest {
    private static final Duration POLL = Duration.ofMillis(20);
    @TempDir
    Path dir;

    /** A provider's batch API in memory: batches end when the test says so, answering the ids it is told to. */
    private static final class FakeRemote implements RemoteBatch {
        final Map<String, List<String>> batches = new ConcurrentHashMap<>();
        final AtomicInteger submits = new AtomicInteger();
        final List<String> cancelled = new CopyOnWriteArrayList<>();
        volatile State state = State.IN_PROGRESS;
        volatile Set<String> unanswered = Set.of();
        volatile RuntimeException refuse;

        @Override
        public String submit(List<String> lines) {
            if (refuse != null) {
                throw refuse;
            }
            String id = "batch_" + submits.incrementAndGet();
            batches.put(id, List.copyOf(lines));
            return id;
        }

        @Override
        public Status status(String batchId) {
            int n = batches.get(batchId).size();
            return new Status(batchId, state, n, state == State.IN_PROGRESS ? 0 : n - unanswered.size(), 0,
                    state == State.FAILED ? Optional.of("invalid_json_line: line 2") : Optional.empty());
        }

        @Override
        public List<Result> results(String batchId) {
            List<Result> out = new ArrayList<>();
            List<String> lines = batches.get(batchId);
            for (int i = 0; i < lines.size(); i++) {
                String id = BatchRequests.customId(lines.get(i), i);
                if (id.equals("bad")) {
                    out.add(new Result(id, BatchRequests.failure(id, "HTTP 400: max_tokens is too large"), true));
                } else if (!unanswered.contains(id)) {
                    out.add(new Result(id, BatchRequests.answer(id, ChatResponse.builder().text("answer " + id)
                            .model("gpt-4o-mini").usage(Usage.of(10, 3)).build()), false));
                }
            }
            return out;
        }

        @Override
        public void cancel(String batchId) {
            cancelled.add(batchId);
        }
    }

    private static List<String> lines(String... ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            out.add("{\"custom_id\": \"" + id + "\", \"prompt\": \"question " + id + "\"}");
        }
        return out;
    }

    private BatchRunner runner(JobStore store, RemoteBatch remote, FakeChatModel model) {
        return BatchRunner.builder(store, model).remote(remote, POLL).build();
    }

    @Test
    void aRemoteJobIsFollowedUnderItsIdAndItsAnswersLandOnTheirItems() throws Exception {
        FakeRemote remote = new FakeRemote();
        FakeChatModel model = FakeChatModel.echo();
        try (JobStore store = JobStore.open(dir.resolve("jobs.db")); BatchRunner runner = runner(store, remote, model)) {
            String job = runner.submitRemote("nightly", lines("a", "b", "bad"), 0);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (runner.remoteStatus(job).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(10); // the first poll
            }
            JobStatus waiting = runner.status(job).orElseThrow();
            assertThat(waiting.state()).isEqualTo(JobStatus.State.RUNNING);
            assertThat(waiting.pending()).isEqualTo(3);
            assertThat(runner.remoteStatus(job)).hasValueSatisfying(p -> {
                assertThat(p.state()).isEqualTo(RemoteBatch.State.IN_PROGRESS);
                assertThat(p.total()).isEqualTo(3);
            });

            remote.state = RemoteBatch.State.COMPLETED;
            JobStatus s = runner.await(job, Duration.ofSeconds(10));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.done()).isEqualTo(2);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(s.inputTokens()).isEqualTo(20);
            assertThat(s.outputTokens()).isEqualTo(6);
            assertThat(runner.results(job)).satisfiesExactly(
                    r -> assertThat(r.output().orElseThrow()).contains("\"text\":\"answer a\""),
                    r -> assertThat(r.output().orElseThrow()).contains("\"text\":\"answer b\""),
                    r -> assertThat(r.error().orElseThrow()).contains("max_tokens is too large"));
            assertThat(remote.submits).hasValue(1);
            assertThat(runner.remoteStatus(job)).isEmpty(); // collected: the job's own status says it all
            assertThat(model.requests()).isEmpty(); // the local workers never ran a remote job's items
        }
    }

    @Test
    void anExpiredBatchFailsTheUnansweredItemsSayingSo() throws Exception {
        FakeRemote remote = new FakeRemote();
        remote.unanswered = Set.of("b");
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
            String job = runner.submitRemote("x", lines("a", "b"), 0);
            remote.state = RemoteBatch.State.EXPIRED;

            JobStatus s = runner.await(job, Duration.ofSeconds(10));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.done()).isEqualTo(1);
            assertThat(runner.results(job).get(1).error().orElseThrow()).contains("\"custom_id\":\"b\"")
                    .contains("expired before this request was answered");
        }
    }

    @Test
    void aBatchTheProviderRefusedFailsEveryItemWithItsReason() throws Exception {
        FakeRemote remote = new FakeRemote();
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
            String job = runner.submitRemote("x", lines("a", "b"), 0);
            remote.state = RemoteBatch.State.FAILED;

            JobStatus s = runner.await(job, Duration.ofSeconds(10));

            assertThat(s.failed()).isEqualTo(2);
            assertThat(runner.results(job)).allSatisfy(r -> assertThat(r.error().orElseThrow())
                    .contains("the provider refused batch batch_1: invalid_json_line: line 2"));
        }
    }

    @Test
    void aSubmissionTheProviderRefusesAtOnceLeavesNoJobBehind() {
        FakeRemote remote = new FakeRemote();
        remote.refuse = new IllegalStateException("HTTP 401: bad key");
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
            assertThatThrownBy(() -> runner.submitRemote("job-1", "x", lines("a"), 0))
                    .hasMessageContaining("HTTP 401");

            assertThat(store.exists("job-1")).isFalse();
            assertThatThrownBy(() -> runner.submitRemote("x", lines("a", "a"), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom_id 'a' is used twice");
            assertThatThrownBy(() -> runner.submitRemote("x", List.of("{\"custom_id\":\"e\",\"input\":\"embed me\"}"),
                    0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request line 1");
        }
    }

    @Test
    void aRestartedProcessCollectsTheBatchItsPredecessorSubmittedWithoutSubmittingItAgain() throws Exception {
        FakeRemote remote = new FakeRemote();
        Path db = dir.resolve("jobs.db");
        String job;
        try (JobStore store = JobStore.open(db); BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
            job = runner.submitRemote("x", lines("a", "b"), 0);
        }
        remote.state = RemoteBatch.State.COMPLETED;

        try (JobStore store = JobStore.open(db); BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
            assertThat(runner.submitRemote(job, "x", lines("a", "b"), 0)).isEqualTo(job); // same id: followed, not resent
            JobStatus s = runner.await(job, Duration.ofSeconds(10));

            assertThat(s.done()).isEqualTo(2);
            assertThat(remote.submits).hasValue(1);
        }
    }

    @Test
    void aJobRecordedButNotYetSubmittedWhenTheProcessDiedIsSubmittedAfterTheRestart() throws Exception {
        FakeRemote remote = new FakeRemote();
        remote.state = RemoteBatch.State.COMPLETED;
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"))) {
            store.create(new JobStore.NewJob("half", "x", 0, null, true, lines("a")));
            store.create(new JobStore.NewJob("fresh", "x", 0, null, true, lines("b")));
            // "half" was recorded long ago and is abandoned; "fresh" may still be under way in another process
            try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobs.db"));
                    java.sql.Statement sql = db.createStatement()) {
                sql.execute("UPDATE jobs SET created = created - " + RemoteJobs.ORPHAN_AGE.plusMinutes(1).toMillis()
                        + " WHERE id = 'half'");
            }
            try (BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
                JobStatus s = runner.await("half", Duration.ofSeconds(10));

                assertThat(s.done()).isEqualTo(1);
                Thread.sleep(100);
                assertThat(remote.submits).hasValue(1);
                assertThat(store.remoteJobs()).singleElement().satisfies(r -> {
                    assertThat(r.job()).isEqualTo("fresh");
                    assertThat(r.remoteId()).isEmpty();
                });
            }
        }
    }

    @Test
    void cancellingARemoteJobCancelsTheBatchAndKeepsWhatItAnswered() throws Exception {
        FakeRemote remote = new FakeRemote();
        remote.unanswered = Set.of("b");
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = runner(store, remote, FakeChatModel.echo())) {
            String job = runner.submitRemote("x", lines("a", "b"), 0);

            assertThat(runner.cancel(job)).isTrue();
            assertThat(remote.cancelled).containsExactly("batch_1");
            remote.state = RemoteBatch.State.CANCELLED;
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!store.remoteJobs().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }

            JobStatus s = runner.status(job).orElseThrow();
            assertThat(s.state()).isEqualTo(JobStatus.State.CANCELLED);
            assertThat(s.done()).isEqualTo(1);
            assertThat(runner.results(job).get(1).error().orElseThrow()).contains("was cancelled");
        }
    }

    @Test
    void aRunnerWithoutABatchApiSaysHowToGetOne() {
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, FakeChatModel.echo()).build()) {
            assertThatThrownBy(() -> runner.submitRemote("x", lines("a"), 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("BatchRunner.Builder.remote");
        }
    }

    @Test
    void openAisBatchApiRunsUnderTheJobInterfaceEndToEnd() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    String path = r.getUrl().encodedPath();
                    if (path.equals("/v1/files")) {
                        return json("{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}");
                    }
                    if (path.equals("/v1/batches")) {
                        return json(batch("validating", "null"));
                    }
                    if (path.equals("/v1/batches/batch_7")) {
                        return json(polls.incrementAndGet() < 3 ? batch("in_progress", "null")
                                : batch("completed", "\"file-out\""));
                    }
                    if (path.equals("/v1/files/file-out/content")) {
                        return new MockResponse.Builder().code(200).body(answer("a", "yes") + "\n" + answer("b", "no")
                                + "\n").build();
                    }
                    return new MockResponse.Builder().code(404).body("{}").build();
                }
            });
            server.start();
            OpenAiBatch api = OpenAiBatch.builder("sk-test").baseUrl(server.url("/v1").toString()).build();
            try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                    BatchRunner runner = runner(store, api, FakeChatModel.echo())) {
                String job = runner.submitRemote("x", lines("a", "b"), 0);

                JobStatus s = runner.await(job, Duration.ofSeconds(10));

                assertThat(s.done()).isEqualTo(2);
                assertThat(s.inputTokens()).isEqualTo(22);
                assertThat(runner.results(job).get(1).output().orElseThrow()).contains("\"text\":\"no\"");
            }
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static String batch(String status, String out) {
        return "{\"id\":\"batch_7\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\",\"status\":\"" + status
                + "\",\"output_file_id\":" + out + ",\"error_file_id\":null,\"request_counts\":{\"total\":2,"
                + "\"completed\":0,\"failed\":0}}";
    }

    private static String answer(String id, String text) {
        return "{\"id\":\"batch_req_" + id + "\",\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":200,"
                + "\"body\":{\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,"
                + "\"completion_tokens\":2}}},\"error\":null}";
    }
}
