package dev.llmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The call context travels apart from the prompt: the content hash ignores it, attempts are unique per call. */
class CallContextTest {

    @Test
    void theContentHashIgnoresTheContextAndSeesEveryPromptValue() {
        ChatRequest a = ChatRequest.builder().system("Be brief.").user("hi").maxOutputTokens(50).build();
        ChatRequest sameWithOtherContext = a.toBuilder().tenant("acme").endUser("u1").tag("x")
                .deadline(Instant.parse("2030-01-01T00:00:00Z")).attribute("k", "v").build()
                .withContext(CallContext.builder().callId("other").build());

        assertThat(a.contentHash()).hasSize(64).isEqualTo(sameWithOtherContext.contentHash());
        assertThat(a.withDeadline(Instant.now()).nextAttempt().contentHash()).isEqualTo(a.contentHash());
        List<ChatRequest> variants = List.of(
                a.toBuilder().maxOutputTokens(51).build(),
                a.toBuilder().temperature(0.0).build(),
                a.toBuilder().model("m").build(),
                a.toBuilder().seed(1L).build(),
                a.toBuilder().stop(List.of("END")).build(),
                a.toBuilder().user("more").build(),
                a.toBuilder().responseFormat(ResponseFormat.JSON_OBJECT).build(),
                a.toBuilder().tool(ToolSpec.noParameters("t", "d")).build(),
                a.toBuilder().tool(ToolSpec.noParameters("t", "d").withStrict(true)).build(),
                a.toBuilder().tool(ToolSpec.noParameters("t", "d")).parallelToolCalls(false).build(),
                ChatRequest.builder().system("Be brief.hi").maxOutputTokens(50).build());
        Set<String> hashes = new java.util.HashSet<>();
        hashes.add(a.contentHash());
        for (ChatRequest v : variants) {
            assertThat(hashes.add(v.contentHash())).as("hash of a changed prompt is new: %s", v).isTrue();
        }
    }

    @Test
    void theContentHashDoesNotDependOnJsonKeyOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ToolSpec ab = ToolSpec.of("t", "d", json.readTree("{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{}}}"));
        ToolSpec ba = ToolSpec.of("t", "d", json.readTree("{\"properties\":{\"b\":{},\"a\":{}},\"type\":\"object\"}"));

        assertThat(ChatRequest.builder().user("x").tool(ab).build().contentHash())
                .isEqualTo(ChatRequest.builder().user("x").tool(ba).build().contentHash());
    }

    @Test
    void theContentHashIsTheSameInEveryJvmForOnePrompt() {
        // a fixed prompt's hash, pinned: a change of encoding must bump the version in PromptHash
        assertThat(ChatRequest.of("hello").contentHash())
                .isEqualTo("a82dff1ae47f91767ef764305943e153219ebdc0faf00a5cc37ed5c91ed386f5");
    }

    @Test
    void copiesKeepTheCallIdAndNewRequestsGetTheirOwn() {
        ChatRequest a = ChatRequest.of("hi");
        ChatRequest b = ChatRequest.of("hi");

        assertThat(a.context().callId()).hasSize(32).isNotEqualTo(b.context().callId());
        assertThat(a.toBuilder().maxOutputTokens(3).build().context().callId()).isEqualTo(a.context().callId());
        assertThat(a.withDeadline(Instant.now()).context().callId()).isEqualTo(a.context().callId());
        assertThat(a.toBuilder().context(a.context().toBuilder().newCallId().build()).build().context().callId())
                .isNotEqualTo(a.context().callId());
        assertThat(a.attempt()).isEqualTo(1);
        ChatRequest second = a.nextAttempt();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.toBuilder().maxOutputTokens(5).build().attempt()).isEqualTo(2);
        assertThat(second.toBuilder().context(CallContext.create()).build().attempt()).isEqualTo(1);
    }

    @Test
    void attemptNumbersAreUniqueWithinACallHoweverLayersNest() throws Exception {
        ChatRequest call = ChatRequest.of("hi");
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int perThread = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int branch = t;
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // half the threads derive from a derived request, as a retry inside a fallback would
                ChatRequest from = branch % 2 == 0 ? call : call.withDeadline(Instant.now());
                for (int i = 0; i < perThread; i++) {
                    ChatRequest next = from.nextAttempt();
                    seen.add(next.attempt());
                    from = next;
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(seen).hasSize(threads * perThread);
        assertThat(seen).doesNotContain(1).allMatch(n -> n >= 2 && n <= threads * perThread + 1);
    }

    @Test
    void contextValuesAreValidatedAndPrivateValuesStayOutOfToString() {
        assertThatThrownBy(() -> CallContext.builder().tenant(" ").build()).hasMessageContaining("tenant");
        assertThatThrownBy(() -> CallContext.builder().attribute("big", "x".repeat(2000)).build())
                .hasMessageContaining("limit is 1024");
        CallContext c = CallContext.builder().tenant("acme").user("alice@example.com")
                .attribute("ssn", "ssn-value-zq").build();
        assertThat(c.toString()).contains("acme").doesNotContain("alice").doesNotContain("ssn-value-zq");
        assertThat(ChatRequest.builder().user("my secret question").context(c).build().toString())
                .doesNotContain("secret question");
    }

    @Test
    void aTightenedDeadlineIsThisAttemptsAndTheCallersStaysInTheContext() {
        Instant callers = Instant.parse("2030-01-01T00:00:10Z");
        Instant tighter = Instant.parse("2030-01-01T00:00:05Z");
        ChatRequest r = ChatRequest.builder().user("x").deadline(callers).build();

        ChatRequest tight = r.withDeadline(tighter);

        assertThat(tight.deadline()).contains(tighter);
        assertThat(tight.deadlineMillis()).isEqualTo(tighter.toEpochMilli());
        assertThat(tight.context().deadline()).contains(callers);
        assertThat(tight.toBuilder().build().deadline()).contains(tighter);
        assertThat(ChatRequest.of("x").deadlineMillis()).isEqualTo(ChatRequest.NO_DEADLINE);
        assertThat(ChatRequest.of("x").withDeadlineMillis(tighter.toEpochMilli()).deadline()).contains(tighter);
    }

    @Test
    void parallelToolCallsNeedTools() {
        assertThatThrownBy(() -> ChatRequest.builder().user("x").parallelToolCalls(false).build())
                .hasMessageContaining("no tools");
    }
}
