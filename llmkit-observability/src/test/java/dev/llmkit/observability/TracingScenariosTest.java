package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.cache.ResponseCache;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.resilience.Resilient;
import dev.llmkit.resilience.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.math.BigDecimal;
import java.time.Duration;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingScenariosTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Observability obs = Observability.builder().observer(OtelTracing.create(otel))
            .observer(MicrometerMetrics.create(meters)).build();
    private final MockWebServer primary = new MockWebServer();
    private final MockWebServer secondary = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        primary.start();
        secondary.start();
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
        tracerProvider.close();
    }

    private ChatModel provider(MockWebServer server, String model) {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test-key-0001")
                .model(model).prices(new BigDecimal("1.00"), new BigDecimal("2.00")).listener(obs.listener())
                .build();
    }

    private static SpanData named(List<SpanData> all, String name) {
        return all.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + all.stream().map(SpanData::getName)
                        .toList()));
    }

    private static List<String> eventNames(SpanData s) {
        return s.getEvents().stream().map(EventData::getName).toList();
    }

    private double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aCallThatRetriesFallsBackAndThenHitsTheCache() {
        primary.enqueue(Wire.status(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        primary.enqueue(Wire.status(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        secondary.enqueue(Wire.json("backup", "Paris", 10, 3));
        ChatModel resilient = Resilient.builder().retry(RetryConfig.attempts(2).withBackoff(Duration.ofMillis(1),
                Duration.ofMillis(2))).fallback(provider(secondary, "backup")).listener(obs.listener())
                .build(provider(primary, "main"));
        ChatModel model = obs.observe(ResponseCache.builder(resilient).listener(obs.listener()).build());

        ChatResponse first = model.chat(ChatRequest.of("Capital of France?"));
        ChatResponse second = model.chat(ChatRequest.of("Capital of France?"));

        assertThat(first.text()).isEqualTo("Paris");
        assertThat(second.text()).isEqualTo("Paris");
        List<SpanData> all = spans.getFinishedSpanItems();
        List<SpanData> roots = all.stream().filter(s -> !s.getParentSpanContext().isValid()).toList();
        assertThat(roots).extracting(SpanData::getName).containsExactly("chat main", "chat main");
        SpanData call = roots.get(0);
        SpanData hit = roots.get(1);
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        List<SpanData> attempts = all.stream().filter(s -> s.getParentSpanId().equals(call.getSpanId())).toList();
        assertThat(attempts).extracting(SpanData::getName).containsExactly("attempt main", "attempt main",
                "attempt backup");
        assertThat(attempts).allSatisfy(a -> assertThat(a.getTraceId()).isEqualTo(call.getTraceId()));
        assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attempts.get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("ServerErrorException");
        assertThat(attempts).extracting(a -> a.getAttributes().get(AttributeKey.longKey("llmkit.attempt")))
                .containsExactly(1L, 2L, 3L);
        SpanData ok = attempts.get(2);
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("backup-2026");
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo(secondary.getHostName());
        assertThat(eventNames(call)).containsExactly("llmkit.cache.miss", "llmkit.retry", "llmkit.fallback");
        var a = call.getAttributes();
        assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("main");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("backup-2026");
        assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
        assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(10L);
        assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(3L);
        assertThat(a.get(AttributeKey.longKey("llmkit.attempts"))).isEqualTo(3L);
        assertThat(a.get(AttributeKey.longKey("llmkit.retries"))).isEqualTo(1L);
        assertThat(a.get(AttributeKey.stringKey("llmkit.cache"))).isEqualTo("miss");
        assertThat(a.get(AttributeKey.stringKey("llmkit.outcome"))).isEqualTo("ok");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.input.messages"))).as("no content by default").isNull();

        assertThat(all.stream().filter(s -> s.getParentSpanId().equals(hit.getSpanId()))).isEmpty();
        assertThat(eventNames(hit)).containsExactly("llmkit.cache.hit");
        assertThat(hit.getAttributes().get(AttributeKey.stringKey("llmkit.cache"))).isEqualTo("hit");
        assertThat(hit.getAttributes().get(AttributeKey.longKey("llmkit.attempts"))).isEqualTo(0L);

        assertThat(counter("llmkit.calls", "outcome", "ok", "cache", "miss")).isEqualTo(1);
        assertThat(counter("llmkit.calls", "outcome", "ok", "cache", "hit")).isEqualTo(1);
        assertThat(counter("llmkit.retries", "error.type", "ServerErrorException")).isEqualTo(1);
        assertThat(meters.get("llmkit.fallbacks").counter().count()).isEqualTo(1);
        assertThat(counter("llmkit.cache.requests", "result", "hit")).isEqualTo(1);
        assertThat(counter("llmkit.cache.requests", "result", "miss")).isEqualTo(1);
        assertThat(meters.get("llmkit.cache.hit_ratio").gauge().value()).isEqualTo(0.5);
        assertThat(meters.get("gen_ai.client.operation.duration").tag("gen_ai.request.model", "main").timer().count())
                .isEqualTo(2);
        assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary().totalAmount())
                .isEqualTo(10);
        assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
                .totalAmount()).isEqualTo(3);
        assertThat(meters.get("llmkit.cost").counter().count()).isEqualTo((10 * 1.0 + 3 * 2.0) / 1e6);
        assertThat(meters.get("llmkit.calls.in_flight").gauge().value()).isZero();
        assertThat(obs.inFlight()).isZero();
    }

    /** Collects one stream's callbacks. */
    static final class Collector implements StreamHandler {
        final List<String> tokens = new ArrayList<>();
        final CountDownLatch firstToken = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile ChatResponse response;
        volatile LlmException error;

        @Override
        public void onToken(String token) {
            tokens.add(token);
            firstToken.countDown();
        }

        @Override
        public void onComplete(ChatResponse r) {
            response = r;
            done.countDown();
        }

        @Override
        public void onError(LlmException e) {
            error = e;
            done.countDown();
        }
    }

    @Test
    void aStreamedCall() throws Exception {
        primary.enqueue(Wire.stream(Wire.sse("main", List.of("Hel", "lo", " there"), 7, 3)));
        ChatModel model = obs.observe(provider(primary, "main"));
        Collector c = new Collector();

        model.stream(ChatRequest.of("Say hello"), c);

        assertThat(c.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c.error).isNull();
        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData call = named(all, "chat main");
        SpanData attempt = named(all, "attempt main");
        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(eventNames(attempt)).containsExactly("gen_ai.first_chunk");
        assertThat(call.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
                .isPositive();
        assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(3L);
        assertThat(call.getAttributes().get(AttributeKey.stringKey("llmkit.outcome"))).isEqualTo("ok");
        assertThat(meters.get("gen_ai.client.operation.time_to_first_chunk").timer().count()).isEqualTo(1);
        assertThat(meters.get("gen_ai.client.operation.time_per_output_chunk").timer().count()).isEqualTo(1);
        assertThat(counter("llmkit.calls", "outcome", "ok", "cache", "none")).isEqualTo(1);
    }

    @Test
    void aCancelledCall() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch disconnected = new CountDownLatch(1);
            Thread serverThread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[16384]);
                    String event = "data: {\"id\":\"c1\",\"model\":\"main-2026\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"one\"},\"finish_reason\":null}]}\n\n";
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(event.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + event
                            + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    while (in.read() >= 0) {
                        // wait for the client to hang up
                    }
                    disconnected.countDown();
                } catch (Exception e) {
                    disconnected.countDown();
                }
            });
            serverThread.start();
            ChatModel model = obs.observe(OpenAiCompatibleChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1").apiKey("sk-test-key-0001")
                    .model("main").listener(obs.listener()).build());
            Collector c = new Collector();

            StreamHandle handle = model.stream(ChatRequest.of("Count"), c);
            assertThat(c.firstToken.await(10, TimeUnit.SECONDS)).isTrue();
            handle.cancel();

            assertThat(disconnected.await(10, TimeUnit.SECONDS)).as("the connection is released").isTrue();
            serverThread.join(5000);
            assertCancelled(c);
        }
    }

    private void assertCancelled(Collector c) throws Exception {
        List<SpanData> all = waitForSpans(2);
        SpanData call = named(all, "chat main");
        SpanData attempt = named(all, "attempt main");
        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(call.getAttributes().get(AttributeKey.stringKey("llmkit.outcome"))).isEqualTo("cancelled");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("llmkit.outcome"))).isEqualTo("cancelled");
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("llmkit.tokens_delivered"))).isEqualTo(1L);
        assertThat(counter("llmkit.calls", "outcome", "cancelled")).isEqualTo(1);
        assertThat(meters.get("gen_ai.client.operation.duration").tag("error.type", "cancelled").timer().count())
                .isEqualTo(1);
        assertThat(c.done.getCount()).as("no terminal callback after cancel").isEqualTo(1);
        assertThat(obs.inFlight()).isZero();
    }

    private List<SpanData> waitForSpans(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (spans.getFinishedSpanItems().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return spans.getFinishedSpanItems();
    }
}
