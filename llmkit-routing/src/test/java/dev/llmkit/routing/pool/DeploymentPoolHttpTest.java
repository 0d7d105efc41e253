package dev.llmkit.routing.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three real HTTP deployments on loopback: one healthy, one answering 429 with {@code Retry-After}, one down. The
 * pool's cooldowns run on a fake clock; the HTTP is real.
 */
class DeploymentPoolHttpTest {
    private final MockWebServer healthy = new MockWebServer();
    private final MockWebServer limited = new MockWebServer();
    private final MockWebServer down = new MockWebServer();
    private final AtomicBoolean isLimited = new AtomicBoolean(true);
    private final AtomicBoolean isDown = new AtomicBoolean(true);

    @BeforeEach
    void start() throws IOException {
        healthy.setDispatcher(answering("from healthy", new AtomicBoolean(false), null));
        limited.setDispatcher(answering("from limited", isLimited, new MockResponse.Builder().code(429)
                .addHeader("Retry-After", "30").body("{\"error\":{\"message\":\"Rate limit reached\"}}").build()));
        down.setDispatcher(answering("from down", isDown, new MockResponse.Builder().code(503)
                .body("{\"error\":{\"message\":\"upstream unavailable\"}}").build()));
        healthy.start();
        limited.start();
        down.start();
    }

    @AfterEach
    void stop() {
        healthy.close();
        limited.close();
        down.close();
    }

    private static Dispatcher answering(String text, AtomicBoolean failing, MockResponse failure) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (failing.get()) {
                    return failure;
                }
                if (request.getBody() != null && request.getBody().utf8().contains("\"stream\":true")) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                            .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
                                    + "\"}}]}\n\ndata: [DONE]\n\n").build();
                }
                return new MockResponse.Builder().code(200).body("{\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}").build();
            }
        };
    }

    private static ChatModel client(MockWebServer server, String name) {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).model("m").deployment(name)
                .build();
    }

    @Test
    void trafficShiftsAwayFromARateLimitedAndADownDeploymentWithNothingLostAndBothRecover() {
        ManualScheduler time = new ManualScheduler();
        RecordingListener events = new RecordingListener();
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).listener(events)
                .strategy(Strategies.roundRobin())
                .cooldown(CooldownConfig.builder().failures(2).window(Duration.ofMinutes(1))
                        .cooldown(Duration.ofSeconds(20)).build())
                .deployment("healthy", client(healthy, "healthy"))
                .deployment("limited", client(limited, "limited"))
                .deployment("down", client(down, "down"))
                .build();

        Map<String, Integer> first = send(pool, 30);

        assertThat(first).containsOnlyKeys("healthy").containsEntry("healthy", 30); // nothing lost
        assertThat(limited.getRequestCount()).isEqualTo(1);                          // one 429, then 30 s out
        assertThat(down.getRequestCount()).isEqualTo(2);                             // two 503s, then 20 s out
        assertThat(events.of(FallbackEvent.class)).hasSize(3);
        assertThat(pool.isCoolingDown("limited")).isTrue();
        assertThat(pool.isCoolingDown("down")).isTrue();

        isLimited.set(false);
        isDown.set(false);
        time.advance(Duration.ofSeconds(20));
        assertThat(pool.isCoolingDown("down")).isFalse();
        assertThat(pool.isCoolingDown("limited")).isTrue();                          // Retry-After: 30 honoured
        time.advance(Duration.ofSeconds(10));

        Map<String, Integer> after = send(pool, 30);

        assertThat(after).containsEntry("healthy", 10).containsEntry("limited", 10).containsEntry("down", 10);
        assertThat(pool.deployments()).allSatisfy(d -> assertThat(d.inFlight()).isZero());
    }

    @Test
    void aStreamFailsOverFromARateLimitedDeploymentBeforeItsFirstToken() {
        ManualScheduler time = new ManualScheduler();
        DeploymentPool pool = DeploymentPool.builder("chat").scheduler(time).strategy(c -> c.candidates().get(0))
                .deployment("limited", client(limited, "limited"))
                .deployment("healthy", client(healthy, "healthy"))
                .build();

        DeploymentPoolTest.Collect out = new DeploymentPoolTest.Collect();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        pool.stream(ChatRequest.of("hi"), new dev.llmkit.api.StreamHandler() {
            @Override
            public void onToken(String token) {
                out.onToken(token);
            }

            @Override
            public void onComplete(ChatResponse response) {
                out.onComplete(response);
                done.countDown();
            }

            @Override
            public void onError(dev.llmkit.api.error.LlmException error) {
                out.onError(error);
                done.countDown();
            }
        });
        assertThat(await(done)).isTrue();
        ChatResponse r = out.response;

        assertThat(out.error).isNull();
        assertThat(String.join("", out.tokens)).isEqualTo("from healthy");
        assertThat(r.text()).isEqualTo("from healthy");
        assertThat(r.origin().deployment()).contains("healthy");
        assertThat(pool.isCoolingDown("limited")).isTrue();
    }

    private static boolean await(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, Integer> send(ChatModel pool, int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            ChatResponse r = pool.chat(ChatRequest.of("hello " + i));
            counts.merge(r.attribute(DeploymentPool.ATTR_DEPLOYMENT).orElseThrow(), 1, Integer::sum);
        }
        return counts;
    }
}
