package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.ServerErrorException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {
    @TempDir
    Path dir;

    /** A model answering by a function of the prompt, after an optional gate. */
    private static final class Scripted implements ChatModel {
        final Function<String, ChatResponse> answer;
        final CountDownLatch gate;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Scripted(Function<String, ChatResponse> answer, CountDownLatch gate) {
            this.answer = answer;
            this.gate = gate;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(request.lastUserText());
            return answer.apply(request.lastUserText());
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<String> prompts(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"custom_id\": \"" + prefix + i + "\", \"prompt\": \"" + prefix + i + "\"}");
        }
        return out;
    }

    private static final CountDownLatch OPEN = new CountDownLatch(0);

    @Test
    void answersEveryItemInOrderWithUsageAndTheOpenAiBatchFormat() throws Exception {
        Scripted model = new Scripted(p -> ChatResponse.builder().text("echo " + p).model("m")
                .usage(dev.llmkit.api.Usage.of(10, 2)).build(), OPEN);
        List<String> lines = new ArrayList<>(prompts("p", 19));
        lines.add("{\"custom_id\": \"full\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": "
                + "{\"model\": \"m\", \"max_tokens\": 20, \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
                + " {\"role\": \"user\", \"content\": \"full form\"}]}}");
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(3).build()) {
            String job = runner.submit("demo", lines, 0, null);

            JobStatus s = runner.await(job, Duration.ofSeconds(30));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.done()).isEqualTo(20);
            assertThat(s.inputTokens()).isEqualTo(200);
            List<JobStore.Result> results = runner.results(job);
            assertThat(results).extracting(JobStore.Result::index).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 20).boxed().toList());
            assertThat(results.get(19).output().orElseThrow()).contains("\"custom_id\":\"full\"")
                    .contains("\"text\":\"echo full form\"");
        }
    }

    @Test
    void twoRunnersOnOneStoreAnswerEveryItemOnce() throws Exception {
        dev.llmkit.testing.FakeChatModel model = dev.llmkit.testing.FakeChatModel.echo();
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                JobStore second = JobStore.open(dir.resolve("jobs.db")); // as another process would open it
                BatchRunner a = BatchRunner.builder(store, model).workers(4).build();
                BatchRunner b = BatchRunner.builder(second, model).workers(4).build()) {
            String job = a.submit("shared", prompts("s", 200), 0, null);
            b.resume();

            JobStatus s = a.await(job, Duration.ofSeconds(60));

            assertThat(s.done()).isEqualTo(200);
            assertThat(model.requests()).extracting(ChatRequest::lastUserText).doesNotHaveDuplicates().hasSize(200);
        }
    }

    @Test
    void aModelThatThrowsAnErrorFailsItsItemAndTheWorkerGoesOn() throws Exception {
        Scripted model = new Scripted(p -> {
            if (p.equals("e1")) {
                throw new AssertionError("broken model");
            }
            return ChatResponse.of("ok " + p, "m");
        }, OPEN);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(1).build()) {
            String job = runner.submit("e", prompts("e", 4), 0, null);

            JobStatus s = runner.await(job, Duration.ofSeconds(30));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.done()).isEqualTo(3);
            assertThat(runner.results(job).get(1).error().orElseThrow()).contains("AssertionError: broken model");
        }
    }

    @Test
    void higherPriorityJobsRunFirst() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Scripted model = new Scripted(p -> ChatResponse.of(p, "m"), gate);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(1).build()) {
            String low = runner.submit("low", prompts("low", 5), 0, null);
            Thread.sleep(100); // the one worker takes low0 and waits at the gate
            String high = runner.submit("high", prompts("high", 5), 10, null);
            gate.countDown();
            runner.await(low, Duration.ofSeconds(30));
            runner.await(high, Duration.ofSeconds(30));

            assertThat(model.seen).containsExactly("low0", "high0", "high1", "high2", "high3", "high4", "low1", "low2",
                    "low3", "low4");
        }
    }

    @Test
    void aFullQueueRefusesAJobWithATypedError() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, new Scripted(p -> ChatResponse.of(p, "m"), gate))
                        .workers(1).maxQueuedItems(10).build()) {
            runner.submit("a", prompts("a", 8), 0, null);

            assertThatThrownBy(() -> runner.submit("b", prompts("b", 5), 0, null))
                    .isInstanceOf(JobQueueFullException.class).hasMessageContaining("cannot take 5 more items");
            gate.countDown();
        }
    }

    @Test
    void aCancelledJobRunsNoMoreItems() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Scripted model = new Scripted(p -> ChatResponse.of(p, "m"), gate);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(1).build()) {
            String job = runner.submit("c", prompts("c", 10), 0, null);
            Thread.sleep(100);

            assertThat(runner.cancel(job)).isTrue();
            gate.countDown();
            Thread.sleep(300);

            JobStatus s = runner.status(job).orElseThrow();
            assertThat(s.state()).isEqualTo(JobStatus.State.CANCELLED);
            assertThat(model.seen).hasSizeLessThanOrEqualTo(1); // at most the item already in flight
            assertThat(s.done()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void retryableFailuresAreTriedAgainAndOthersFailTheItemWithTheReason() throws Exception {
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        Scripted model = new Scripted(p -> {
            int n = tries.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            if (p.equals("flaky0") && n < 3) {
                throw new ServerErrorException("HTTP 503");
            }
            if (p.equals("flaky1")) {
                throw new InvalidRequestException("HTTP 400: bad request");
            }
            return ChatResponse.of("ok " + p, "m");
        }, OPEN);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(2).attempts(3).build()) {
            String job = runner.submit("r", prompts("flaky", 3), 0, null);
            JobStatus s = runner.await(job, Duration.ofSeconds(30));

            assertThat(s.done()).isEqualTo(2);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(tries.get("flaky0")).hasValue(3);
            assertThat(tries.get("flaky1")).hasValue(1);
            assertThat(runner.results(job).get(1).error().orElseThrow()).contains("InvalidRequestException")
                    .contains("\"custom_id\":\"flaky1\"");
        }
    }

    @Test
    void aJobStopsWhenItsSpendReachesItsBudget() throws Exception {
        Scripted model = new Scripted(p -> ChatResponse.builder().text(p).model("m").cost(new BigDecimal("0.01"))
                .build(), OPEN);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(1).build()) {
            String job = runner.submit("b", prompts("b", 50), 0, new BigDecimal("0.05"));
            JobStatus s = runner.await(job, Duration.ofSeconds(30));

            assertThat(s.state()).isEqualTo(JobStatus.State.BUDGET_EXCEEDED);
            assertThat(s.done()).isBetween(5, 6);
            assertThat(s.cost()).isGreaterThanOrEqualTo(0.05);
        }
    }

    @Test
    void anOpenBreakerDelaysItemsInsteadOfFailingThemAndABrokenModelFailsOnlyItsItem() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        Scripted model = new Scripted(p -> {
            if (p.equals("o0") && refusals.incrementAndGet() <= 3) {
                throw new dev.llmkit.api.error.CircuitOpenException("circuit open", "breaker", null,
                        dev.llmkit.api.error.ErrorInfo.builder().retryAfter(Duration.ofMillis(30)).build());
            }
            if (p.equals("o1")) {
                throw new IllegalStateException("a bug in the model adapter");
            }
            return ChatResponse.of("ok " + p, "m");
        }, OPEN);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, model).workers(2).build()) {
            String job = runner.submit("o", prompts("o", 4), 0, null);
            JobStatus s = runner.await(job, Duration.ofSeconds(30));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.done()).isEqualTo(3);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(refusals.get()).isEqualTo(4);
            assertThat(runner.results(job).get(1).error().orElseThrow()).contains("a bug in the model adapter");
            assertThat(runner.queued()).isZero();
        }
    }

    @Test
    void submittingAKnownIdResumesThatJobOnly() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Path db = dir.resolve("jobs.db");
        try (JobStore store = JobStore.open(db);
                BatchRunner stuck = BatchRunner.builder(store, new Scripted(p -> ChatResponse.of(p, "m"), never))
                        .workers(1).build()) {
            stuck.submit("job-a", "a", prompts("a", 3), 0, null);
            stuck.submit("job-b", "b", prompts("b", 3), 0, null);
        }
        Scripted model = new Scripted(p -> ChatResponse.of(p, "m"), OPEN);
        try (JobStore store = JobStore.open(db);
                BatchRunner runner = BatchRunner.builder(store, model).workers(1).build()) {
            runner.submit("job-b", "b", prompts("b", 3), 0, null);
            runner.await("job-b", Duration.ofSeconds(30));

            assertThat(model.seen).containsExactlyInAnyOrder("b0", "b1", "b2");
            assertThat(runner.status("job-a").orElseThrow().state()).isEqualTo(JobStatus.State.RUNNING);
            assertThatThrownBy(() -> runner.submit("empty", List.of(), 0, null)).hasMessageContaining("at least one");
        }
    }

    @Test
    void embeddingLinesAreEmbeddedAndRefusedWithoutAnEmbeddingModel() throws Exception {
        dev.llmkit.testing.FakeEmbeddingModel fake = new dev.llmkit.testing.FakeEmbeddingModel(4);
        List<String> lines = List.of("{\"custom_id\": \"e0\", \"input\": \"first text\"}",
                "{\"custom_id\": \"e1\", \"input\": \"second text\"}", "{\"custom_id\": \"c\", \"prompt\": \"hi\"}");
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner plain = BatchRunner.builder(store, new Scripted(p -> ChatResponse.of(p, "m"), OPEN)).build();
                BatchRunner both = BatchRunner.builder(store, new Scripted(p -> ChatResponse.of("ok", "m"), OPEN))
                        .embeddings(fake).build()) {
            assertThatThrownBy(() -> plain.submit("e", lines, 0, null)).hasMessageContaining("request line 1")
                    .hasMessageContaining("embedding model");

            String job = both.submit("e", lines, 0, null);
            JobStatus s = both.await(job, Duration.ofSeconds(30));

            assertThat(s.done()).isEqualTo(3);
            String e1 = both.results(job).get(1).output().orElseThrow();
            assertThat(e1).contains("\"custom_id\":\"e1\"").contains("\"embedding\":[");
            float[] expected = fake.embed("second text");
            assertThat(e1).contains(String.valueOf(expected[0]));
        }
    }

    @Test
    void contentAsAnArrayOfTextPartsIsRead() {
        ChatRequest r = BatchRequests.parse("{\"custom_id\": \"x\", \"body\": {\"messages\": [{\"role\": \"user\", "
                + "\"content\": [{\"type\": \"text\", \"text\": \"part one\"}, {\"type\": \"text\", \"text\": "
                + "\"part two\"}]}]}}");

        assertThat(r.lastUserText()).isEqualTo("part one\npart two");
        assertThatThrownBy(() -> BatchRequests.parse("{\"body\": {\"messages\": [{\"role\": \"user\", \"content\":"
                + " [{\"type\": \"image_url\"}]}]}}")).hasMessageContaining("text content only");
    }

    @Test
    void aBadLineIsRefusedWithItsNumberBeforeAnythingRuns() throws Exception {
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchRunner.builder(store, new Scripted(p -> ChatResponse.of(p, "m"), OPEN))
                        .build()) {
            List<String> lines = new ArrayList<>(prompts("x", 2));
            lines.add("{\"custom_id\": \"bad\", \"body\": {\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}}");

            assertThatThrownBy(() -> runner.submit("bad", lines, 0, null)).hasMessageContaining("request line 3")
                    .hasMessageContaining("unknown role 'robot'");
        }
    }
}
