package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmkit batch} against an OpenAI-compatible server on loopback. */
class BatchCommandTest {
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");
    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Matcher m = CONTENT.matcher(request.getBody().utf8());
                String last = "";
                while (m.find()) {
                    last = m.group(1);
                }
                return new MockResponse.Builder().code(200).body("{\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"answer to " + last + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}").build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LLMKIT_HOME", tmp.resolve("home").toString());
        env.put("LLMKIT_BASE_URL", server.url("/v1").toString());
        env.put("LLMKIT_MODEL", "m");
        return env;
    }

    private Path requests(int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(i % 2 == 0 ? "{\"custom_id\": \"q" + i + "\", \"prompt\": \"question " + i + "\"}"
                    : "{\"custom_id\": \"q" + i + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", "
                            + "\"body\": {\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"question "
                            + i + "\"}]}}");
        }
        Path file = tmp.resolve("requests.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void answersEveryRequestInOrderAndARunAgainSendsNothingTwice() throws Exception {
        Path file = requests(12);
        Path out = tmp.resolve("answers.jsonl");

        Cli first = Cli.run(env(), tmp, "", "batch", file.toString(), "--out", out.toString());

        assertThat(first.exitCode).as(first.err()).isZero();
        assertThat(first.out()).contains("finished: 12 done, 0 failed, 0 not run; 84 input and 36 output tokens");
        List<String> answers = Files.readAllLines(out);
        assertThat(answers).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(answers.get(i)).contains("\"custom_id\":\"q" + i + "\"").contains("answer to question " + i);
        }
        int requestsSent = server.getRequestCount();
        assertThat(requestsSent).isEqualTo(12);

        Cli again = Cli.run(env(), tmp, "", "batch", file.toString(), "--out", out.toString());

        assertThat(again.exitCode).as(again.err()).isZero();
        assertThat(again.err()).contains("Resuming batch");
        Cli list = Cli.run(env(), tmp, "", "batch", "--jobs");
        assertThat(list.exitCode).isZero();
        assertThat(list.out()).containsPattern("[0-9a-f]{12}  finished +12/12 done, 0 failed");
        String id = list.out().substring(0, 12);
        Cli cancel = Cli.run(env(), tmp, "", "batch", "--cancel", id.substring(0, 6));
        assertThat(cancel.exitCode).isEqualTo(1);
        assertThat(cancel.out()).contains("Job " + id + " was not running.");
        Cli unknown = Cli.run(env(), tmp, "", "batch", "--cancel", "zzzz");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err()).contains("No batch job starts with 'zzzz'");
        assertThat(server.getRequestCount()).isEqualTo(requestsSent); // nothing answered is sent again
        assertThat(Files.readAllLines(out)).isEqualTo(answers);
    }

    @Test
    void aBadLineOrNoModelIsAClearFailure() throws Exception {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"custom_id\": \"a\", \"prompt\": \"hi\"}\n{\"custom_id\": \"b\"}\n");

        Cli badLine = Cli.run(env(), tmp, "", "batch", bad.toString(), "--out", tmp.resolve("o.jsonl").toString());
        assertThat(badLine.exitCode).isEqualTo(2);
        assertThat(badLine.err()).contains("request line 2").contains("\"prompt\" or \"body\"");

        Map<String, String> noModel = Map.of("LLMKIT_HOME", tmp.resolve("home").toString());
        Cli none = Cli.run(noModel, tmp, "", "batch", requests(2).toString(), "--out", tmp.resolve("o.jsonl").toString());
        assertThat(none.exitCode).isEqualTo(1);
        assertThat(none.err()).contains("needs a model").contains("LLMKIT_BASE_URL");
    }

    @Test
    void theRemoteOptionSendsTheFileToTheBatchApiAndWritesItsAnswers() throws Exception {
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    String path = r.getUrl().encodedPath();
                    if (path.equals("/v1/files")) {
                        return new MockResponse.Builder().code(200).body("{\"id\":\"file-in\"}").build();
                    }
                    if (path.equals("/v1/batches")) {
                        return new MockResponse.Builder().code(200).body(batch("validating")).build();
                    }
                    if (path.equals("/v1/batches/batch_9")) {
                        return new MockResponse.Builder().code(200)
                                .body(batch(polls.incrementAndGet() < 3 ? "in_progress" : "completed")).build();
                    }
                    if (path.equals("/v1/files/file-out/content")) {
                        StringBuilder lines = new StringBuilder();
                        for (int i = 0; i < 4; i++) {
                            lines.append("{\"custom_id\":\"q").append(i).append("\",\"response\":{\"status_code\":200,"
                                    + "\"body\":{\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                                    + "{\"role\":\"assistant\",\"content\":\"batch answer ").append(i).append("\"},"
                                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
                                    + "\"completion_tokens\":2}}},\"error\":null}\n");
                        }
                        return new MockResponse.Builder().code(200).body(lines.toString()).build();
                    }
                    return new MockResponse.Builder().code(404).body("{}").build();
                }
            });
            api.start();
            Map<String, String> env = new HashMap<>();
            env.put("LLMKIT_HOME", tmp.resolve("home").toString());
            env.put("OPENAI_API_KEY", "sk-test-batch-key");
            env.put("OPENAI_BASE_URL", api.url("/v1").toString());
            Path out = tmp.resolve("remote.jsonl");

            Cli run = Cli.run(env, tmp, "", "batch", requests(4).toString(), "--out", out.toString(), "--remote",
                    "openai", "--poll", "0.05");

            assertThat(run.exitCode).as(run.err()).isZero();
            assertThat(run.out()).contains("finished: 4 done, 0 failed, 0 not run; 20 input and 8 output tokens");
            assertThat(Files.readAllLines(out)).hasSize(4).allSatisfy(l -> assertThat(l).contains("batch answer"));
            assertThat(server.getRequestCount()).isZero(); // nothing went to the chat endpoint
            assertThat(run.err() + run.out()).doesNotContain("sk-test-batch-key");

            Cli again = Cli.run(env, tmp, "", "batch", requests(4).toString(), "--out", out.toString(), "--remote",
                    "openai", "--poll", "0.05");
            assertThat(again.exitCode).as(again.err()).isZero();
            assertThat(again.err()).contains("Resuming batch");
            assertThat(api.getRequestCount()).isEqualTo(2 + 3 + 2); // upload, create, polls, results: not sent again
        }
    }

    private static String batch(String status) {
        return "{\"id\":\"batch_9\",\"object\":\"batch\",\"status\":\"" + status + "\",\"output_file_id\":"
                + ("completed".equals(status) ? "\"file-out\"" : "null") + ",\"error_file_id\":null,"
                + "\"request_counts\":{\"total\":4,\"completed\":0,\"failed\":0}}";
    }

    @Test
    void theCancelOptionStopsARunningJob() throws Exception {
        Path db = tmp.resolve("home").resolve("batch").resolve("jobs.db");
        try (dev.llmkit.batch.JobStore store = dev.llmkit.batch.JobStore.open(db)) {
            store.create(new dev.llmkit.batch.JobStore.NewJob("0123456789abcdef", "left over", 0, null, false,
                    List.of("{\"prompt\": \"hi\"}")));
        }

        Cli cancel = Cli.run(env(), tmp, "", "batch", "--cancel", "0123");

        assertThat(cancel.exitCode).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("Cancelled 0123456789ab.");
        Cli list = Cli.run(env(), tmp, "", "batch", "--jobs");
        assertThat(list.out()).contains("0123456789ab  cancelled       0/1 done, 0 failed");
    }

    @Test
    void embeddingLinesAreEmbeddedInProcessWithNoModelConfigured() throws Exception {
        Path file = tmp.resolve("embed.jsonl");
        Files.write(file, List.of("{\"custom_id\": \"e1\", \"input\": \"retry on rate limits\"}",
                "{\"custom_id\": \"e2\", \"input\": \"the semantic cache\"}"));
        Path out = tmp.resolve("vectors.jsonl");

        Cli run = Cli.run(Map.of("LLMKIT_HOME", tmp.resolve("home").toString()), tmp, "", "batch", file.toString(),
                "--out", out.toString());

        assertThat(run.exitCode).as(run.err()).isZero();
        assertThat(run.out()).contains("finished: 2 done, 0 failed");
        assertThat(Files.readAllLines(out)).satisfiesExactly(
                l -> assertThat(l).contains("\"custom_id\":\"e1\"").contains("\"embedding\":["),
                l -> assertThat(l).contains("\"custom_id\":\"e2\""));
    }

    @Test
    void theIngestOptionIndexesEachFileAsAnItemAndARunAgainDoesNothing() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("a.md"), "# Alpha\n\nThe alpha module retries requests on rate limits.\n");
        Files.writeString(docs.resolve("b.md"), "# Beta\n\nThe beta module caches answers.\n");
        Map<String, String> env = Map.of("LLMKIT_HOME", tmp.resolve("home").toString());

        Cli run = Cli.run(env, tmp, "", "batch", "--ingest", docs.toString());

        assertThat(run.exitCode).as(run.err()).isZero();
        assertThat(run.err()).contains("Starting batch").contains("2 files of");
        assertThat(run.out()).contains("finished: 2 done, 0 failed");
        Cli again = Cli.run(env, tmp, "", "batch", "--ingest", docs.toString());
        assertThat(again.err()).contains("Resuming batch");
        assertThat(again.out()).contains("finished: 2 done");
        Files.writeString(docs.resolve("b.md"), "# Beta\n\nThe beta module caches answers for a day.\n");
        Files.setLastModifiedTime(docs.resolve("b.md"), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 5_000));
        Cli edited = Cli.run(env, tmp, "", "batch", "--ingest", docs.toString());
        assertThat(edited.err()).contains("Starting batch"); // an edited file makes a new job, which re-indexes it
        assertThat(edited.out()).contains("finished: 2 done");

        Cli both = Cli.run(env, tmp, "", "batch", "x.jsonl", "--ingest", docs.toString());
        assertThat(both.exitCode).isEqualTo(2);
        assertThat(both.err()).contains("either a requests file");
    }
}
