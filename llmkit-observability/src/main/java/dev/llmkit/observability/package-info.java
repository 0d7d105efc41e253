/**
 * Turns llmkit's listener events into standard signals: OpenTelemetry GenAI spans ({@link OtelTracing}), Micrometer
 * metrics ({@link MicrometerMetrics}), one structured log line per call ({@link CallLog}), an append-only audit log
 * ({@link AuditLog}), usage and cost reports ({@link UsageReport}) and quality monitors with drift tests
 * ({@link QualityMonitor}). {@link Observability} puts them together:
 *
 * <pre>{@code
 * Observability obs = Observability.builder()
 *         .observer(OtelTracing.create(openTelemetry))
 *         .observer(MicrometerMetrics.create(meterRegistry))
 *         .observer(CallLog.create())
 *         .build();
 * ChatModel provider = OpenAiCompatibleChatModel.builder().listener(obs.listener())...build();
 * ChatModel model = obs.observe(Resilient.builder().listener(obs.listener()).build(provider));
 * }</pre>
 *
 * OpenTelemetry and Micrometer are optional dependencies: only {@link OtelTracing} touches the one and only
 * {@link MicrometerMetrics} the other, so an application that uses neither needs neither on its class path.
 */
@NullMarked
package dev.llmkit.observability;

import org.jspecify.annotations.NullMarked;
