package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.providers.Collector;
import dev.llmkit.providers.Sse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Byte-level faults and wire conformance of the OpenAI-compatible client, over real HTTP on loopback. */
class WireFaultTest extends LoopbackServer {
    @Test
    void aToolCallFragmentWithoutIndexOrNameEndsTheStreamInOneErrorNotASilentCancel() throws Exception {
        server.enqueue(Sse.stream(chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]}")
                + "data: [DONE]\n\n"));
        Collector c = new Collector();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), c);

        assertThat(c.error()).isInstanceOf(StreamInterruptedException.class).hasMessageContaining("without a function name");
        assertThat(c.terminals.get()).isEqualTo(1);
    }

    @Test
    void toolCallFragmentsWithoutIndexContinueTheCallTheyBelongTo() throws Exception {
        server.enqueue(Sse.stream(chunk("{\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}")
                + chunk("{\"tool_calls\":[{\"function\":{\"arguments\":\":1}\"}}]}") + "data: [DONE]\n\n"));
        Collector c = new Collector();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), c);

        assertThat(c.response().toolCalls()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("f");
            assertThat(t.arguments()).isEqualTo("{\"a\":1}");
        });
    }

    @Test
    void aHandlerThatThrowsGetsOneOnErrorAndChatAsyncStillCompletes() throws Exception {
        server.enqueue(Sse.stream(Sse.openAiTokens(List.of("a", "b", "c"))));
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<LlmException> error = new CompletableFuture<>();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), new dev.llmkit.api.StreamHandler() {
            @Override
            public void onToken(String token) {
                seen.add(token);
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void onComplete(ChatResponse response) {
                error.completeExceptionally(new AssertionError("completed"));
            }

            @Override
            public void onError(LlmException e) {
                error.complete(e);
            }
        });

        assertThat(error.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(seen).containsExactly("a");
    }

    @Test
    void aDataLineHoldingTwoJsonObjectsIsAnErrorNotADroppedDelta() throws Exception {
        server.enqueue(Sse.stream("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}"
                + "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\ndata: [DONE]\n\n"));
        Collector c = new Collector();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), c);

        assertThat(c.error()).isInstanceOf(StreamInterruptedException.class).hasMessageContaining("malformed");
    }

    @Test
    void anUnterminatedLastEventIsDiscardedSoACutStreamIsNotTakenForWhole() throws Exception {
        server.enqueue(Sse.stream(chunk("{\"content\":\"Hel\"}") + "data: [DONE]"));
        Collector c = new Collector();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), c);

        assertThat(c.error()).isInstanceOf(StreamInterruptedException.class);
        assertThat(((StreamInterruptedException) c.error()).partialText()).isEqualTo("Hel");
    }

    @Test
    void bareCarriageReturnLineEndingsAreLineEndings() throws Exception {
        String body = (chunk("{\"content\":\"a\"}") + chunk("{\"content\":\"b\"}") + "data: [DONE]\n\n").replace('\n', '\r');
        server.enqueue(Sse.stream(body));
        Collector c = new Collector();

        builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"), c);

        assertThat(c.response().text()).isEqualTo("ab");
    }

    @Test
    void aLineLongerThanTheCapFailsInsteadOfFillingMemory() {
        okio.Buffer source = new okio.Buffer().writeUtf8("data: " + "x".repeat(5000) + "\n\n");
        assertThatThrownBy(() -> dev.llmkit.providers.internal.Sse.read(source, (e, d) -> true, 1024))
                .isInstanceOf(dev.llmkit.providers.internal.Sse.LineTooLongException.class);
    }

    @Test
    void anErrorBodyThatEchoesTheKeyNeverPutsItInTheExceptionItsTraceOrToString() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY + ". A gateway also saw Bearer sk-ant-api03-OtherKey99 and key=abcdef123456789.\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}").build());

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> builder("gpt-4o-mini").build().chat(ChatRequest.of("hi")));

        assertThat(thrown).isInstanceOf(AuthenticationException.class);
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 16))
                .doesNotContain("OtherKey99").doesNotContain("abcdef123456789").contains("Incorrect API key provided: ****");
        assertThat(thrown.toString()).doesNotContain(KEY);
    }

    @Test
    void aKeyThatIsNotKeyShapedIsMaskedToo() {
        String odd = "vllm-token-5b9e2c71d4";
        server.enqueue(new MockResponse.Builder().code(403).body("{\"detail\":\"token " + odd + " is not allowed\"}").build());

        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey(odd)
                .model("m").build().chat(ChatRequest.of("hi")))
                .hasMessageNotContaining(odd).hasMessageContaining("****");
    }

    @Test
    void aBlockingChatAgainstASilentServerEndsAtTheRequestDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(new byte[1 << 16]);
                    Thread.sleep(30_000);
                } catch (IOException | InterruptedException ignored) {
                    // the client gave up: what the test wants
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + silent.getLocalPort() + "/v1").model("m")
                    .idleTimeout(Duration.ofSeconds(60)).build();
            ChatRequest request = ChatRequest.builder().user("hi").deadline(Instant.now().plusMillis(500)).build();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> model.chat(request)).isInstanceOf(LlmTimeoutException.class));

            Collector c = new Collector();
            model.stream(ChatRequest.builder().user("hi").deadline(Instant.now().plusMillis(500)).build(), c);
            assertThat(c.error()).isInstanceOf(LlmTimeoutException.class);
        }
    }

    @Test
    void aDeadlineThatHasPassedFailsAtOnceWithoutACall() throws Exception {
        ChatRequest late = ChatRequest.builder().user("hi").deadline(Instant.now().minusSeconds(1)).build();
        assertThatThrownBy(() -> builder("gpt-4o-mini").build().chat(late)).isInstanceOf(LlmTimeoutException.class);
        Collector c = new Collector();
        builder("gpt-4o-mini").build().stream(late, c);
        assertThat(c.error()).isInstanceOf(LlmTimeoutException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theHandleArrivesBeforeTheFirstTokenSoAHandlerCanStopTheStreamAtABadOne() throws Exception {
        server.enqueue(Sse.stream(Sse.openAiTokens(List.of("fine", "bad", "worse"))));
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<String> ended = new CompletableFuture<>();
        dev.llmkit.api.StreamHandle[] handle = new dev.llmkit.api.StreamHandle[1];

        dev.llmkit.api.StreamHandle returned = builder("gpt-4o-mini").build().stream(ChatRequest.of("hi"),
                new dev.llmkit.api.StreamHandler() {
                    @Override
                    public void onStart(dev.llmkit.api.StreamHandle h) {
                        seen.add("start");
                        handle[0] = h;
                    }

                    @Override
                    public void onToken(String token) {
                        seen.add(token);
                        if (token.equals("bad")) {
                            handle[0].cancel();
                            ended.complete("cancelled");
                        }
                    }

                    @Override
                    public void onComplete(ChatResponse response) {
                        ended.complete("completed");
                    }

                    @Override
                    public void onError(LlmException e) {
                        ended.complete("failed");
                    }
                });

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo("cancelled");
        Thread.sleep(200); // nothing more may arrive after the cancel
        assertThat(seen).containsExactly("start", "fine", "bad");
        assertThat(handle[0]).isSameAs(returned);
    }

    @Test
    void anErrorEventInsideAStreamMasksAKeyThatIsNotKeyShaped() throws Exception {
        String odd = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        server.enqueue(Sse.stream(chunk("{\"content\":\"Hi\"}") + "data: {\"error\":{\"message\":\"Incorrect API key "
                + "provided: " + odd + "\",\"code\":401}}\n\n"));
        Collector c = new Collector();

        OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey(odd).model("m").build()
                .stream(ChatRequest.of("hi"), c);

        assertThat(c.error()).hasMessageNotContaining(odd).hasMessageContaining("****");
    }

    @Test
    void aKeyReadWithATrailingNewlineIsStrippedAndAControlCharacterIsRefusedWithoutQuotingTheKey() throws Exception {
        server.enqueue(Sse.openAiJson("ok"));
        builder("gpt-4o-mini").apiKey(KEY + "\n").build().chat(ChatRequest.of("hi"));
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);

        assertThatThrownBy(() -> builder("gpt-4o-mini").apiKey("sk-abc\u0007def123456"))
                .isInstanceOf(dev.llmkit.api.error.ConfigurationException.class)
                .hasMessageNotContaining("abc").hasMessageContaining("control character");
    }

    @Test
    void oneEventWhoseDataLinesNeverEndFailsInsteadOfFillingMemory() {
        okio.Buffer source = new okio.Buffer().writeUtf8(("data: " + "x".repeat(100) + "\n").repeat(50));
        assertThatThrownBy(() -> dev.llmkit.providers.internal.Sse.read(source, (e, d) -> true, 1024))
                .isInstanceOf(dev.llmkit.providers.internal.Sse.LineTooLongException.class);
    }

    @Test
    void aCancelledStreamEndsWithACancelEventAsItsOneFinalEvent() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(Sse.openAiTokens(List.of("a", "b"))).onResponseBody(mockwebserver3.SocketEffect.Stall.INSTANCE)
                .build());
        dev.llmkit.testing.RecordingListener events = new dev.llmkit.testing.RecordingListener();
        Collector c = new Collector();
        dev.llmkit.api.StreamHandle handle = builder("gpt-4o-mini").listener(events).build()
                .stream(ChatRequest.of("hi"), c);
        server.takeRequest(5, TimeUnit.SECONDS);

        handle.cancel();
        handle.cancel();
        Thread.sleep(200); // a late final event would show itself

        assertThat(events.of(dev.llmkit.api.event.CancelEvent.class)).hasSize(1);
        assertThat(events.of(dev.llmkit.api.event.ResponseEvent.class)).isEmpty();
        assertThat(events.of(dev.llmkit.api.event.ErrorEvent.class)).isEmpty();
        assertThat(c.terminals.get()).isZero();
    }

    @Test
    void aCompletedStreamHasNoCancelEventEvenWhenCancelledAfterwards() throws Exception {
        server.enqueue(Sse.stream(Sse.openAiTokens(List.of("a", "b"))));
        dev.llmkit.testing.RecordingListener events = new dev.llmkit.testing.RecordingListener();
        Collector c = new Collector();
        dev.llmkit.api.StreamHandle handle = builder("gpt-4o-mini").listener(events).build()
                .stream(ChatRequest.of("hi"), c);
        c.response();

        handle.cancel();

        assertThat(events.of(dev.llmkit.api.event.ResponseEvent.class)).hasSize(1);
        assertThat(events.of(dev.llmkit.api.event.CancelEvent.class)).isEmpty();
    }
}
