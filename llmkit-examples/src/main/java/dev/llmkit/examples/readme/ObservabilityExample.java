package dev.llmkit.examples.readme;

import dev.llmkit.api.ChatModel;
import dev.llmkit.cache.ResponseCache;
import dev.llmkit.observability.AuditLog;
import dev.llmkit.observability.CallLog;
import dev.llmkit.observability.MicrometerMetrics;
import dev.llmkit.observability.Observability;
import dev.llmkit.observability.OtelTracing;
import dev.llmkit.observability.QualityMonitor;
import dev.llmkit.observability.UsageReport;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.resilience.Resilient;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;

/** The observability guide's wiring example (docs/observability.md). */
public final class ObservabilityExample {
    private ObservabilityExample() {}

    /** Every signal on; the caller closes the returned {@link Observability} (it holds the audit file). */
    public static Observability signals(OpenTelemetry openTelemetry, MeterRegistry meterRegistry, Path auditFolder,
            UsageReport usage, QualityMonitor quality) {
        return Observability.builder()
                .observer(OtelTracing.create(openTelemetry))            // spans
                .observer(MicrometerMetrics.create(meterRegistry))      // metrics
                .observer(CallLog.create())                             // one log line per call
                .observer(AuditLog.builder(auditFolder).retentionDays(30).build())
                .observer(usage)                                        // UsageReport.create()
                .observer(quality)                                      // QualityMonitor.builder()...build()
                .build();
    }

    /** A provider, resilience and a cache, every layer reporting to {@code obs}, observed outermost. */
    public static ChatModel model(Observability obs, String baseUrl, String key) {
        ChatModel provider = OpenAiCompatibleChatModel.builder().baseUrl(baseUrl).model("gpt-4o-mini").apiKey(key)
                .listener(obs.listener()).build();
        ChatModel model = obs.observe(ResponseCache.builder(Resilient.builder().listener(obs.listener()).build(provider))
                .listener(obs.listener()).build());
        return model;
    }
}
