package dev.llmkit.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.observability.AuditLog;
import dev.llmkit.observability.Observability;
import dev.llmkit.observability.QualityMonitor;
import dev.llmkit.observability.UsageReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilityExampleTest {

    @Test
    void theGuidesWiringRecordsACallInEverySignal(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        UsageReport usage = UsageReport.create();
        try (MockWebServer server = new MockWebServer();
                Observability obs = ObservabilityExample.signals(OpenTelemetry.noop(), meters, dir, usage,
                        QualityMonitor.builder().build())) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":4,"
                            + "\"completion_tokens\":1,\"total_tokens\":5}}").build());
            ChatModel model = ObservabilityExample.model(obs, server.url("/v1").toString(), "sk-example-key-000000");

            assertThat(model.chat(ChatRequest.of("Hello")).text()).isEqualTo("Hi");
            assertThat(model.chat(ChatRequest.of("Hello")).text()).as("from the cache").isEqualTo("Hi");
        }
        assertThat(usage.total().calls()).isEqualTo(2);
        assertThat(usage.total().cacheHits()).isEqualTo(1);
        assertThat(meters.get("llmkit.calls").tag("cache", "hit").counter().count()).isEqualTo(1);
        assertThat(AuditLog.read(dir)).hasSize(2);
    }
}
