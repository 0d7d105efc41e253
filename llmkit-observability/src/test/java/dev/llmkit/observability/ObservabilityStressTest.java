package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.testing.FakeChatModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads, sync and streamed calls: every call ends in exactly one record and one span, nothing is left. */
class ObservabilityStressTest {

    @Test
    void everyConcurrentCallEndsInExactlyOneRecordWithItsOwnEvents() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tp = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        Map<String, Integer> records = new ConcurrentHashMap<>();
        Map<String, Integer> retriesSeen = new ConcurrentHashMap<>();
        CallObserver counting = new CallObserver() {
            @Override
            public void onCall(CallRecord call) {
                records.merge(call.callId(), 1, Integer::sum);
                retriesSeen.put(call.callId(), call.retries());
            }
        };
        OtelTracing tracing = OtelTracing.create(OpenTelemetrySdk.builder().setTracerProvider(tp).build());
        Observability obs = Observability.of(tracing, counting);
        FakeChatModel fake = FakeChatModel.builder().name("fake").otherwise(r -> "ok " + r.lastUserText()).build();
        // a layer that reports an attempt, a retry per odd call and a response, like a provider under a retry layer
        ChatModel reporting = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                obs.listener().onRequest(RequestEvent.builder().request(request).model("fake").at(Instant.now())
                        .build());
                if (request.lastUserText().hashCode() % 2 != 0) {
                    obs.listener().onRetry(RetryEvent.builder().request(request).component("retry")
                            .cause(new LlmException("x")).delay(java.time.Duration.ZERO).build());
                }
                ChatResponse r = fake.chat(request);
                obs.listener().onResponse(ResponseEvent.builder().request(request).response(r).build());
                return r;
            }

            @Override
            public dev.llmkit.api.ModelInfo info() {
                return fake.info();
            }

            @Override
            public dev.llmkit.api.StreamHandle stream(ChatRequest request, StreamHandler handler) {
                return fake.stream(request, handler);
            }
        };
        ChatModel model = obs.observe(reporting);
        int threads = 16;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger streamed = new AtomicInteger();
        CountDownLatch streams = new CountDownLatch(threads * perThread / 2);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    String text = "q" + thread + "-" + i;
                    if (i % 2 == 0) {
                        model.chat(ChatRequest.of(text));
                    } else {
                        model.stream(ChatRequest.of(text), new StreamHandler() {
                            @Override
                            public void onToken(String token) {
                            }

                            @Override
                            public void onComplete(ChatResponse response) {
                                streamed.incrementAndGet();
                                streams.countDown();
                            }

                            @Override
                            public void onError(LlmException error) {
                                streams.countDown();
                            }
                        });
                    }
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(streams.await(60, TimeUnit.SECONDS)).isTrue();

        int calls = threads * perThread;
        assertThat(streamed).hasValue(calls / 2);
        assertThat(records).hasSize(calls);
        assertThat(records.values()).containsOnly(1);
        long chatSpans = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat fake")).count();
        long attemptSpans = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("attempt fake"))
                .count();
        assertThat(chatSpans).isEqualTo(calls);
        assertThat(attemptSpans).isEqualTo(calls / 2);
        long expectedRetries = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i += 2) {
                expectedRetries += ("q" + t + "-" + i).hashCode() % 2 != 0 ? 1 : 0;
            }
        }
        assertThat(retriesSeen.values().stream().mapToLong(Integer::longValue).sum())
                .as("each retry counted on its own call").isEqualTo(expectedRetries);
        assertThat(obs.inFlight()).isZero();
        assertThat(tracing.toString()).contains("running calls=0");
        tp.close();
    }
}
