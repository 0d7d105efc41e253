package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Exports a call's spans over OTLP/HTTP to a local receiver and reads the protobuf payload back. */
class OtlpExportTest {

    @Test
    void exportsTheCallSpanWithItsGenAiAttributesOverOtlpHttp() throws Exception {
        try (MockWebServer receiver = new MockWebServer(); MockWebServer llm = new MockWebServer()) {
            receiver.start();
            llm.start();
            for (int i = 0; i < 4; i++) {
                receiver.enqueue(new MockResponse.Builder().code(200).build());
            }
            llm.enqueue(Wire.json("main", "Hi", 5, 1));
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(receiver.url("/v1/traces").toString()).build();
            SdkTracerProvider tp = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build();
            Observability obs = Observability.of(OtelTracing.create(OpenTelemetrySdk.builder()
                    .setTracerProvider(tp).build()));
            ChatModel model = obs.observe(OpenAiCompatibleChatModel.builder().baseUrl(llm.url("/v1").toString())
                    .apiKey("sk-test-key-0001").model("main").listener(obs.listener()).build());

            model.chat(ChatRequest.of("Hello"));
            tp.forceFlush().join(10, TimeUnit.SECONDS);
            tp.close();

            Map<String, Span> byName = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                RecordedRequest r = receiver.takeRequest(10, TimeUnit.SECONDS);
                assertThat(r).isNotNull();
                assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/traces");
                assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
                ExportTraceServiceRequest payload = ExportTraceServiceRequest.parseFrom(r.getBody().toByteArray());
                payload.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> {
                    assertThat(ss.getScope().getName()).isEqualTo(OtelTracing.INSTRUMENTATION_NAME);
                    ss.getSpansList().forEach(s -> byName.put(s.getName(), s));
                }));
            }
            assertThat(byName).containsOnlyKeys("chat main", "attempt main");
            Span call = byName.get("chat main");
            assertThat(call.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(byName.get("attempt main").getParentSpanId()).isEqualTo(call.getSpanId());
            Map<String, String> attrs = call.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
                    kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                            : kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue())
                            : kv.getValue().toString()));
            assertThat(attrs).containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.request.model", "main")
                    .containsEntry("gen_ai.response.model", "main-2026")
                    .containsEntry("gen_ai.usage.input_tokens", "5")
                    .containsEntry("gen_ai.usage.output_tokens", "1")
                    .containsEntry("server.address", llm.getHostName());
            assertThat(List.copyOf(attrs.keySet())).doesNotContain("gen_ai.input.messages");
        }
    }
}
