package dev.llmkit.benchmarks.observability;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.Usage;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.observability.MicrometerMetrics;
import dev.llmkit.observability.Observability;
import dev.llmkit.observability.OtelTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What observing a call costs, on a zero-latency model that reports a request and a response event per call like a
 * provider: nothing; llmkit's tracing and metrics through a no-op OpenTelemetry (instrumented, not sampled); llmkit's
 * tracing (logical call span plus attempt span, GenAI attributes) into the OpenTelemetry SDK with a discarding
 * exporter (an empty composite), plus Micrometer metrics; and the obvious hand-written alternative, one OpenTelemetry
 * SDK span with the same core attributes around the call and no metrics.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservabilityOverheadBenchmark {
    private static final ChatResponse RESPONSE = ChatResponse.of("ok", "bench-model").toBuilder()
            .usage(Usage.of(12, 3)).build();

    private ChatModel off;
    private ChatModel noopOtel;
    private ChatModel sdk;
    private Tracer handTracer;
    private SdkTracerProvider sdkProvider;
    private SdkTracerProvider handProvider;

    /** A constant model that reports a request and a response to its listener, as a provider does. */
    static final class Reporting implements ChatModel {
        private ChatModelListener listener = ChatModelListener.NONE;

        @Override
        public ChatResponse chat(ChatRequest request) {
            listener.onRequest(RequestEvent.builder().request(request).model("bench-model").at(Instant.EPOCH).build());
            listener.onResponse(ResponseEvent.builder().request(request).response(RESPONSE).build());
            return RESPONSE;
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            ChatResponse r = chat(request);
            handler.onStart(StreamHandle.ended());
            handler.onToken(r.text());
            handler.onComplete(r);
            return StreamHandle.ended();
        }

        @Override
        public dev.llmkit.api.ModelInfo info() {
            return dev.llmkit.api.ModelInfo.of("bench", "bench-model");
        }
    }

    private static ChatModel observed(OpenTelemetry otel) {
        Observability obs = Observability.builder().observer(OtelTracing.create(otel))
                .observer(MicrometerMetrics.create(new SimpleMeterRegistry())).build();
        Reporting r = new Reporting();
        r.listener = obs.listener();
        return obs.observe(r);
    }

    @Setup
    public void setUp() {
        off = new Reporting();
        noopOtel = observed(OpenTelemetry.noop());
        sdkProvider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())).build();
        sdk = observed(OpenTelemetrySdk.builder().setTracerProvider(sdkProvider).build());
        handProvider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())).build();
        handTracer = handProvider.get("hand");
    }

    @TearDown
    public void tearDown() {
        sdkProvider.close();
        handProvider.close();
    }

    @Benchmark
    public ChatResponse off() {
        return off.chat(ChatRequest.of("hi"));
    }

    @Benchmark
    public ChatResponse llmkitTracingAndMetricsNoopOtel() {
        return noopOtel.chat(ChatRequest.of("hi"));
    }

    @Benchmark
    public ChatResponse llmkitTracingAndMetricsSdk() {
        return sdk.chat(ChatRequest.of("hi"));
    }

    @Benchmark
    public ChatResponse handWrittenSpanSdk() {
        Span span = handTracer.spanBuilder("chat bench-model").setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.request.model", "bench-model")
                .startSpan();
        try (Scope s = span.makeCurrent()) {
            ChatResponse r = off.chat(ChatRequest.of("hi"));
            span.setAttribute(AttributeKey.stringKey("gen_ai.response.model"), r.model());
            span.setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), r.usage().inputTokens());
            span.setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), r.usage().outputTokens());
            return r;
        } finally {
            span.end();
        }
    }
}
