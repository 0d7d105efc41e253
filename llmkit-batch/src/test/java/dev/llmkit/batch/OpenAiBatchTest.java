package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAI's Batch API against a local server that speaks its wire format. */
class OpenAiBatchTest {
    private final MockWebServer server = new MockWebServer();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String answer(String id, String text) {
        return "{\"id\":\"batch_req_" + id + "\",\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":200,"
                + "\"request_id\":\"req_" + id + "\",\"body\":{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,"
                + "\"completion_tokens\":4,\"total_tokens\":15}}},\"error\":null}";
    }

    /** A server: upload, create, then {@code statuses} in turn, then the final batch object. */
    private OpenAiBatch start(List<String> statuses, String finalBatch, String output, String errors) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (r.getBody() != null) {
                    bodies.add(r.getBody().utf8());
                }
                if (path.equals("/v1/files") && r.getMethod().equals("POST")) {
                    return json("{\"id\":\"file-in\",\"object\":\"file\",\"purpose\":\"batch\"}");
                }
                if (path.equals("/v1/batches") && r.getMethod().equals("POST")) {
                    return json(batch("validating", null, null, 0, 0, 0));
                }
                if (path.equals("/v1/batches/batch_1")) {
                    int n = polls.getAndIncrement();
                    return json(n < statuses.size() ? batch(statuses.get(n), null, null, 3, 0, 0) : finalBatch);
                }
                if (path.equals("/v1/files/file-out/content")) {
                    return new MockResponse.Builder().code(200).body(output).build();
                }
                if (path.equals("/v1/files/file-err/content")) {
                    return new MockResponse.Builder().code(200).body(errors).build();
                }
                return new MockResponse.Builder().code(404).body("{\"error\":{\"message\":\"no such path\"}}").build();
            }
        });
        server.start();
        return OpenAiBatch.builder("sk-test-secret-0001").baseUrl(server.url("/v1").toString()).model("gpt-4o-mini")
                .build();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static String batch(String status, String out, String err, int total, int completed, int failed) {
        return "{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\",\"input_file_id\":"
                + "\"file-in\",\"completion_window\":\"24h\",\"status\":\"" + status + "\",\"output_file_id\":"
                + (out == null ? "null" : "\"" + out + "\"") + ",\"error_file_id\":" + (err == null ? "null" : "\""
                + err + "\"") + ",\"created_at\":1733600000,\"request_counts\":{\"total\":" + total + ",\"completed\":"
                + completed + ",\"failed\":" + failed + "}}";
    }

    private static List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("{\"custom_id\": \"a\", \"prompt\": \"Say hi\"}");
        out.add("{\"custom_id\": \"b\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": "
                + "\"gpt-4o\", \"max_tokens\": 20, \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, "
                + "{\"role\": \"user\", \"content\": \"Say bye\"}]}}");
        out.add("{\"custom_id\": \"c\", \"prompt\": \"Say maybe\"}");
        return out;
    }

    @Test
    void uploadsCreatesPollsAndReadsEveryAnswer() throws Exception {
        OpenAiBatch api = start(List.of("validating", "in_progress", "finalizing"),
                batch("completed", "file-out", null, 3, 3, 0),
                answer("a", "hi") + "\n" + answer("b", "bye") + "\n" + answer("c", "maybe") + "\n", "");

        String id = api.submit(lines());
        RemoteBatch.Status s;
        do {
            s = api.status(id);
        } while (!s.ended());
        List<RemoteBatch.Result> results = api.results(id);

        assertThat(id).isEqualTo("batch_1");
        assertThat(s.state()).isEqualTo(RemoteBatch.State.COMPLETED);
        assertThat(polls.get()).isEqualTo(5); // four status polls, then results() reads the file ids
        String upload = bodies.get(0);
        assertThat(upload).contains("name=\"purpose\"").contains("batch")
                .contains("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                        + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}}")
                .contains("\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"Say bye\"}],\"max_tokens\":20");
        assertThat(bodies.get(1)).isEqualTo("{\"input_file_id\":\"file-in\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\"}");
        assertThat(results).extracting(RemoteBatch.Result::customId).containsExactly("a", "b", "c");
        assertThat(results).noneMatch(RemoteBatch.Result::failed);
        assertThat(results.get(1).line()).contains("\"text\":\"bye\"").contains("\"input_tokens\":11");
        RecordedRequest first = server.takeRequest();
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-secret-0001");
    }

    @Test
    void anExpiredBatchGivesTheAnsweredRequestsAndFailsTheRestAsExpired() throws Exception {
        OpenAiBatch api = start(List.of(), batch("expired", "file-out", "file-err", 3, 1, 2), answer("a", "hi") + "\n",
                "{\"id\":\"batch_req_b\",\"custom_id\":\"b\",\"response\":null,\"error\":{\"code\":\"batch_expired\","
                        + "\"message\":\"This request could not be executed before the completion window expired.\"}}\n"
                        + "{\"id\":\"batch_req_c\",\"custom_id\":\"c\",\"response\":null,\"error\":{\"code\":"
                        + "\"batch_expired\",\"message\":\"This request could not be executed before the completion "
                        + "window expired.\"}}\n");

        String id = api.submit(lines());

        assertThat(api.status(id).state()).isEqualTo(RemoteBatch.State.EXPIRED);
        List<RemoteBatch.Result> results = api.results(id);
        assertThat(results).extracting(RemoteBatch.Result::customId).containsExactly("a", "b", "c");
        assertThat(results).extracting(RemoteBatch.Result::failed).containsExactly(false, true, true);
        assertThat(results.get(2).line()).contains("batch_expired");
    }

    @Test
    void aPartlyFailedBatchReportsEachFailureAndAFailedBatchSaysWhy() throws Exception {
        String failedRequest = "{\"id\":\"batch_req_b\",\"custom_id\":\"b\",\"response\":{\"status_code\":400,"
                + "\"request_id\":\"req_b\",\"body\":{\"error\":{\"message\":\"max_tokens is too large\",\"type\":"
                + "\"invalid_request_error\"}}},\"error\":null}";
        OpenAiBatch api = start(List.of("in_progress"), batch("completed", "file-out", "file-err", 3, 2, 1),
                answer("a", "hi") + "\n" + answer("c", "maybe") + "\n", failedRequest + "\n");

        String id = api.submit(lines());
        api.status(id);
        List<RemoteBatch.Result> results = api.results(id);

        assertThat(results).filteredOn(RemoteBatch.Result::failed).singleElement()
                .satisfies(r -> assertThat(r.line()).contains("\"custom_id\":\"b\"").contains("HTTP 400")
                        .contains("max_tokens is too large"));
        assertThat(results).filteredOn(r -> !r.failed()).hasSize(2);
    }

    @Test
    void aRefusedBatchAndAnErrorThatEchoesTheKeyNeverShowTheKey() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getUrl().encodedPath().equals("/v1/batches/batch_bad")) {
                    return json("{\"id\":\"batch_bad\",\"object\":\"batch\",\"status\":\"failed\",\"request_counts\":"
                            + "{\"total\":0,\"completed\":0,\"failed\":0},\"errors\":{\"object\":\"list\",\"data\":"
                            + "[{\"code\":\"invalid_json_line\",\"message\":\"Line 2 is not valid JSON.\",\"line\":2}]}}");
                }
                return new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"Incorrect API key "
                        + "provided: sk-test-secret-0001\"}}").build();
            }
        });
        server.start();
        OpenAiBatch api = OpenAiBatch.builder("sk-test-secret-0001").baseUrl(server.url("/v1").toString()).build();

        RemoteBatch.Status s = api.status("batch_bad");
        assertThat(s.state()).isEqualTo(RemoteBatch.State.FAILED);
        assertThat(s.message()).contains("invalid_json_line: Line 2 is not valid JSON.");
        assertThatThrownBy(() -> api.submit(lines())).hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("sk-test-secret-0001").hasMessageContaining("[REDACTED]");
        assertThat(api.toString()).doesNotContain("sk-test");
    }
}
