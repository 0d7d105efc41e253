package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.testing.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP on loopback: the providers' OpenAI-compatible client against faulty servers, wrapped in the stack. */
class FaultInjectionTest {
    private MockWebServer primary;
    private MockWebServer secondary;

    @BeforeEach
    void start() throws IOException {
        primary = new MockWebServer();
        primary.start();
        secondary = new MockWebServer();
        secondary.start();
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
    }

    private static ChatModel client(MockWebServer server, String model) {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).model(model)
                .idleTimeout(Duration.ofSeconds(2)).build();
    }

    private static MockResponse ok(String text) {
        return new MockResponse.Builder().code(200).body("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}").build();
    }

    private static RetryConfig quick(int attempts) {
        return RetryConfig.attempts(attempts).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    @Test
    void aStormOf429sWithRetryAfterIsRiddenOut() {
        primary.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").body("{\"error\":{\"message\":\"slow\"}}").build());
        primary.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "20").body("{}").build());
        primary.enqueue(ok("made it"));
        RecordingListener events = new RecordingListener();

        ChatResponse r = Resilient.builder().retry(quick(4)).listener(events).build(client(primary, "m")).chat(ChatRequest.of("hi"));

        assertThat(r.text()).isEqualTo("made it");
        assertThat(primary.getRequestCount()).isEqualTo(3);
        assertThat(events.of(RetryEvent.class)).hasSize(2);
        assertThat(events.of(RetryEvent.class).get(1).delay()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aBadRequestIsSentExactlyOnce() {
        primary.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad param\"}}").build());
        primary.enqueue(ok("never"));

        assertThatThrownBy(() -> Resilient.builder().retry(quick(5)).build(client(primary, "m")).chat(ChatRequest.of("hi")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(primary.getRequestCount()).isEqualTo(1);
    }

    @Test
    void noRequestIsLostWhenThePrimaryIsDownAndTheFallbackHealthy() throws Exception {
        AtomicInteger primaryHits = new AtomicInteger();
        primary.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                primaryHits.incrementAndGet();
                return primaryHits.get() % 2 == 0
                        ? new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build()
                        : new MockResponse.Builder().code(200).body("x").onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
            }
        });
        secondary.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return ok("backup");
            }
        });
        ChatModel model = Resilient.builder().retry(quick(2))
                .circuitBreaker(CircuitBreakerConfig.DEFAULTS.withWindow(10, 5))
                .fallback(client(secondary, "backup")).build(client(primary, "primary"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ChatResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                answers.add(pool.submit(() -> model.chat(ChatRequest.of("hi"))));
            }
            for (Future<ChatResponse> f : answers) {
                ChatResponse r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.text()).isEqualTo("backup");
                assertThat(r.attribute(ChatResponse.ATTR_FALLBACK)).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(secondary.getRequestCount()).isEqualTo(60);
        // the breaker opened: far fewer than 60 calls x 2 attempts reached the dead primary
        assertThat(primaryHits.get()).isLessThan(60);
    }

    @Test
    void aStreamTruncatedMidwayIsSurfacedWithoutDuplicatedTokens() {
        primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n").build());
        primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello again\"}}]}\n\ndata: [DONE]\n\n").build());
        Collect c = new Collect();

        Resilient.builder().retry(quick(3)).build(client(primary, "m")).stream(ChatRequest.of("hi"), c);
        await(c);

        assertThat(c.tokens).containsExactly("Hel", "lo");
        assertThat(c.error).isInstanceOf(StreamInterruptedException.class);
        assertThat(primary.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstTokenIsRetriedOverHttp() {
        primary.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"busy\"}}").build());
        primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"fine\"}}]}\n\ndata: [DONE]\n\n").build());
        Collect c = new Collect();

        Resilient.builder().retry(quick(3)).build(client(primary, "m")).stream(ChatRequest.of("hi"), c);
        await(c);

        assertThat(c.tokens).containsExactly("fine");
        assertThat(c.response.attribute(ChatResponse.ATTR_ATTEMPTS)).contains("2");
    }

    @Test
    void aMalformedChunkBeforeAnyTokenIsRetriedAndOneAfterTokensIsNot() {
        primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {this is not json\n\n").build());
        primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\ndata: {oops\n\n").build());
        primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"never\"}}]}\n\ndata: [DONE]\n\n").build());
        Collect c = new Collect();

        Resilient.builder().retry(quick(3)).build(client(primary, "m")).stream(ChatRequest.of("hi"), c);
        await(c);

        assertThat(primary.getRequestCount()).isEqualTo(2);
        assertThat(c.tokens).containsExactly("ok");
        assertThat(c.error).isInstanceOf(StreamInterruptedException.class).hasMessageContaining("malformed");
    }

    @Test
    void aHangingServerIsCutByTheFirstTokenTimeout() {
        primary.enqueue(new MockResponse.Builder().code(200).body("x").onResponseStart(SocketEffect.Stall.INSTANCE).build());
        Collect c = new Collect();

        Resilient.builder().retry(null).timeouts(Duration.ofMillis(300), Duration.ZERO, Duration.ZERO)
                .build(client(primary, "m")).stream(ChatRequest.of("hi"), c);
        await(c);

        assertThat(c.error).hasMessageContaining("first token");
    }

    private static void await(Collect c) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.terminals.get() == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(c.terminals).hasValue(1);
    }

    @Test
    void aBlockingChatThroughTimeoutsIsReallyAbandonedWhenItsTotalLimitPasses() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<Integer> closedByClient = new java.util.concurrent.CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = silent.accept()) {
                    java.io.InputStream in = s.getInputStream();
                    byte[] buf = new byte[1 << 16];
                    while (in.read(buf) >= 0) {
                        // read the request, then keep silent until the client closes the connection
                    }
                    closedByClient.complete(1);
                } catch (IOException e) {
                    closedByClient.complete(2);
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ChatModel provider = OpenAiCompatibleChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + silent.getLocalPort() + "/v1").model("m")
                    .idleTimeout(Duration.ofSeconds(60)).build();
            ChatModel limited = Timeouts.of(provider, Duration.ZERO, Duration.ZERO, Duration.ofMillis(500));

            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> limited.chat(ChatRequest.of("hi")))
                            .isInstanceOf(dev.llmkit.api.error.LlmTimeoutException.class));
            assertThat(closedByClient.get(10, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
        }
    }
}
