package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anthropic's Message Batches API against a local server that speaks its wire format. */
class AnthropicBatchTest {
    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String batch(String status, String counts, String resultsUrl, boolean cancelled) {
        return "{\"id\":\"msgbatch_1\",\"type\":\"message_batch\",\"processing_status\":\"" + status + "\","
                + "\"request_counts\":" + counts + ",\"ended_at\":null,\"created_at\":\"2026-12-07T10:00:00Z\","
                + "\"expires_at\":\"2026-12-08T10:00:00Z\",\"cancel_initiated_at\":"
                + (cancelled ? "\"2026-12-07T11:00:00Z\"" : "null") + ",\"results_url\":"
                + (resultsUrl == null ? "null" : "\"" + resultsUrl + "\"") + "}";
    }

    private static String succeeded(String id, String text) {
        return "{\"custom_id\":\"" + id + "\",\"result\":{\"type\":\"succeeded\",\"message\":{\"id\":\"msg_" + id
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}}}";
    }

    private AnthropicBatch start(String ended, String results) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                requests.add(r);
                String path = r.getUrl().encodedPath();
                String results1 = server.url("/v1/messages/batches/msgbatch_1/results").toString();
                if (path.equals("/v1/messages/batches") && r.getMethod().equals("POST")) {
                    return json(batch("in_progress", "{\"processing\":3,\"succeeded\":0,\"errored\":0,\"canceled\":0,"
                            + "\"expired\":0}", null, false));
                }
                if (path.equals("/v1/messages/batches/msgbatch_1")) {
                    return json(polls.getAndIncrement() < 1 ? batch("in_progress", "{\"processing\":3,\"succeeded\":1,"
                            + "\"errored\":0,\"canceled\":0,\"expired\":0}", null, false) : ended.replace("RESULTS",
                            results1));
                }
                if (path.equals("/v1/messages/batches/msgbatch_1/results")) {
                    return new MockResponse.Builder().code(200).body(results).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        server.start();
        return AnthropicBatch.builder("sk-ant-test-0001").baseUrl(server.url("/").toString()).maxTokens(256).build();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static final List<String> LINES = List.of(
            "{\"custom_id\": \"a\", \"prompt\": \"Say hi\"}",
            "{\"custom_id\": \"b\", \"body\": {\"model\": \"claude-x\", \"max_tokens\": 50, \"messages\": [{\"role\": "
                    + "\"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Say bye\"}]}}",
            "{\"custom_id\": \"c\", \"prompt\": \"Say maybe\"}");

    @Test
    void createsPollsAndReadsEveryResultWithTheRightHeadersAndParams() throws Exception {
        AnthropicBatch api = start(batch("ended", "{\"processing\":0,\"succeeded\":3,\"errored\":0,\"canceled\":0,"
                + "\"expired\":0}", "RESULTS", false), succeeded("c", "maybe") + "\n" + succeeded("a", "hi") + "\n"
                + succeeded("b", "bye") + "\n");

        String id = api.submit(LINES);
        RemoteBatch.Status first = api.status(id);
        RemoteBatch.Status done = api.status(id);
        List<RemoteBatch.Result> results = api.results(id);

        assertThat(first.state()).isEqualTo(RemoteBatch.State.IN_PROGRESS);
        assertThat(done.state()).isEqualTo(RemoteBatch.State.COMPLETED);
        assertThat(done.completed()).isEqualTo(3);
        RecordedRequest create = requests.get(0);
        assertThat(create.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test-0001");
        assertThat(create.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(create.getBody().utf8()).isEqualTo("{\"requests\":["
                + "{\"custom_id\":\"a\",\"params\":{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":256,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}},"
                + "{\"custom_id\":\"b\",\"params\":{\"model\":\"claude-x\",\"max_tokens\":50,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Say bye\"}],\"system\":\"Be brief.\"}},"
                + "{\"custom_id\":\"c\",\"params\":{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":256,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say maybe\"}]}}]}");
        // results come in any order: keyed by custom_id
        assertThat(results).extracting(RemoteBatch.Result::customId).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(results).noneMatch(RemoteBatch.Result::failed);
        assertThat(results).filteredOn(r -> r.customId().equals("b")).singleElement()
                .satisfies(r -> assertThat(r.line()).contains("\"text\":\"bye\"").contains("\"input_tokens\":9"));
    }

    @Test
    void anExpiredBatchWithErroredAndCanceledRequestsReportsEachOne() throws Exception {
        AnthropicBatch api = start(batch("ended", "{\"processing\":0,\"succeeded\":1,\"errored\":1,\"canceled\":0,"
                + "\"expired\":1}", "RESULTS", false), succeeded("a", "hi") + "\n"
                + "{\"custom_id\":\"b\",\"result\":{\"type\":\"errored\",\"error\":{\"type\":\"error\",\"error\":"
                + "{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: 999999 > 8192\"}}}}\n"
                + "{\"custom_id\":\"c\",\"result\":{\"type\":\"expired\"}}\n");

        String id = api.submit(LINES);
        api.status(id);
        RemoteBatch.Status s = api.status(id);
        List<RemoteBatch.Result> results = api.results(id);

        assertThat(s.state()).isEqualTo(RemoteBatch.State.EXPIRED);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(results).extracting(RemoteBatch.Result::failed).containsExactly(false, true, true);
        assertThat(results.get(1).line()).contains("invalid_request_error").contains("max_tokens: 999999");
        assertThat(results.get(2).line()).contains("expired");
    }
}
