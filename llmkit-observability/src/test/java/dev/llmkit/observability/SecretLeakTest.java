package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An API key in a header, an error body or a prompt never reaches a log line, a span or an audit line. */
class SecretLeakTest {
    private static final String API_KEY = "sk-proj-LEAKTEST0123456789abcdefXYZ";
    private static final String INTERNAL_TOKEN = "corp!token!LEAKTEST!42";

    @Test
    void keysInHeadersErrorBodiesAndPromptsAreRedactedEverywhere(@TempDir Path dir) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tp = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        Redactor redactor = Redactor.secrets().withValues(List.of(INTERNAL_TOKEN));
        Path auditDir = dir.resolve("audit");
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (MockWebServer server = new MockWebServer();
                Observability obs = Observability.builder()
                        .observer(OtelTracing.builder(OpenTelemetrySdk.builder().setTracerProvider(tp).build())
                                .captureContent(true).redactor(redactor).build())
                        .observer(CallLog.create(redactor))
                        .observer(AuditLog.builder(auditDir).redactor(redactor).build()).build()) {
            server.start();
            server.enqueue(Wire.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY
                    + ". Header was Authorization: Bearer " + API_KEY + "\",\"code\":\"invalid_api_key\"}}"));
            server.enqueue(Wire.json("main", "Noted: " + API_KEY + " and " + INTERNAL_TOKEN, 5, 3));
            ChatModel model = obs.observe(OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString())
                    .apiKey(API_KEY).model("main").listener(obs.listener()).build());
            String prompt = "My key is " + API_KEY + " and my token is " + INTERNAL_TOKEN + "; remember them.";

            assertThatThrownBy(() -> model.chat(ChatRequest.of(prompt))).isInstanceOf(LlmException.class);
            model.chat(ChatRequest.of(prompt));

            RecordedRequest sent = server.takeRequest();
            assertThat(sent.getHeaders().get("Authorization")).as("the key was really sent").contains(API_KEY);
        } finally {
            System.setErr(err);
        }

        String logText = logs.toString(StandardCharsets.UTF_8);
        assertThat(logText).as("the call lines were logged").contains("llmkit call").contains("status=error")
                .contains("status=ok");
        StringBuilder spanText = new StringBuilder();
        List<SpanData> all = spans.getFinishedSpanItems();
        assertThat(all).hasSizeGreaterThanOrEqualTo(4);
        for (SpanData s : all) {
            spanText.append(s.getName()).append(s.getAttributes()).append(s.getStatus().getDescription());
            s.getEvents().forEach(e -> spanText.append(e.getName()).append(e.getAttributes()));
        }
        assertThat(spanText.toString()).as("content was captured").contains("gen_ai.input.messages")
                .contains("[REDACTED]");
        StringBuilder audit = new StringBuilder();
        try (Stream<Path> files = Files.list(auditDir)) {
            for (Path f : files.toList()) {
                audit.append(Files.readString(f));
            }
        }
        assertThat(audit.toString()).as("the prompt was audited").contains("remember them").contains("[REDACTED]");
        for (String text : List.of(logText, spanText.toString(), audit.toString())) {
            assertThat(text).doesNotContain("LEAKTEST").doesNotContain(API_KEY).doesNotContain(INTERNAL_TOKEN);
        }
        tp.close();
    }
}
