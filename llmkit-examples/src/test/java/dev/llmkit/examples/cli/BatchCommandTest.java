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
}
