package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact cache's keys, policies, invalidation and events, on a counting model and a fake clock. */
class ResponseCacheTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RecordingListener events = new RecordingListener();
    private final AtomicInteger calls = new AtomicInteger();
    private ResponseCache cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    /** A model answering "answer N to <question>" with usage and a cost; {@code shape} may change the response. */
    private ChatModel model(Function<ChatResponse, ChatResponse> shape) {
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                int n = calls.incrementAndGet();
                return shape.apply(ChatResponse.builder().text("answer " + n + " to " + request.lastUserText())
                        .model("m").usage(Usage.of(100, 20)).cost(new BigDecimal("0.0012")).build());
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private ResponseCache.Builder cached(Function<ChatResponse, ChatResponse> shape) {
        return ResponseCache.builder(model(shape)).scheduler(time).listener(events);
    }

    private ResponseCache.Builder cached() {
        return cached(r -> r);
    }

    @Test
    void anIdenticalRequestIsAnsweredFromTheCacheWithZeroUsageAndWhatItSaved() {
        cache = cached().build();
        ChatResponse first = cache.chat(ChatRequest.of("What is a bulkhead?"));
        ChatResponse second = cache.chat(ChatRequest.of("What is a bulkhead?"));

        assertThat(calls).hasValue(1);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.attribute(ChatResponse.ATTR_CACHE)).contains("exact");
        assertThat(second.attribute(ResponseCache.ATTR_TOKENS_SAVED)).contains("120");
        assertThat(second.usage()).isEqualTo(Usage.ZERO);
        assertThat(second.cost()).contains(BigDecimal.ZERO);
        assertThat(first.attribute(ChatResponse.ATTR_CACHE)).isEmpty();
        assertThat(events.of(CacheHitEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.cache()).isEqualTo("exact");
            assertThat(e.tokensSaved()).isEqualTo(120);
            assertThat(e.costSaved()).contains(new BigDecimal("0.0012"));
        });
        assertThat(events.of(CacheMissEvent.class)).hasSize(1);
    }

    @Test
    void parametersToolsFormatTenantAndModelVersionAreAllPartOfTheKey() {
        cache = cached().build();
        ChatRequest base = ChatRequest.builder().user("Summarise the policy").build();
        cache.chat(base);
        cache.chat(base.toBuilder().maxOutputTokens(50).build());
        cache.chat(base.toBuilder().system("Be brief.").build());
        cache.chat(base.toBuilder().tool(dev.llmkit.api.ToolSpec.noParameters("search", "searches")).build());
        cache.chat(base.toBuilder().responseFormat(dev.llmkit.api.ResponseFormat.JSON_OBJECT).build());
        cache.chat(base.toBuilder().tenant("acme").build());
        cache.chat(base.toBuilder().tenant("globex").build());
        assertThat(calls).hasValue(7);

        cache.chat(base.toBuilder().tenant("acme").endUser("someone-else").tag("faq").build());
        assertThat(calls).as("the user, tags and call id are not part of the key").hasValue(7);

        ResponseCache v2 = cached().modelVersion("v2").build();
        v2.chat(base);
        v2.close();
        assertThat(calls).hasValue(8);
    }

    @Test
    void answersExpireAfterTheirTimeToLive() {
        cache = cached().ttl(Duration.ofMinutes(10)).build();
        cache.chat(ChatRequest.of("q"));
        time.advance(Duration.ofMinutes(9));
        cache.chat(ChatRequest.of("q"));
        assertThat(calls).hasValue(1);
        time.advance(Duration.ofMinutes(2));
        cache.chat(ChatRequest.of("q"));
        assertThat(calls).hasValue(2);
    }

    @Test
    void theStoreHoldsAtMostMaxEntriesAndForgetsWhatItEvicts() {
        cache = cached().maxEntries(10).build();
        for (int i = 0; i < 60; i++) {
            cache.chat(ChatRequest.of("question " + i));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void theStoreHoldsAtMostMaxWeightBytes() {
        cache = cached(r -> r.toBuilder().text("x".repeat(10_000)).build()).maxWeightBytes(100_000).build();
        for (int i = 0; i < 30; i++) {
            cache.chat(ChatRequest.of("question " + i));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(5); // each answer weighs over 20,000 bytes
    }

    @Test
    void refusalsFilteredTruncatedBlockedAndEmptyAnswersAreNeverStored() {
        for (Function<ChatResponse, ChatResponse> shape : java.util.List.<Function<ChatResponse, ChatResponse>>of(
                r -> r.toBuilder().finishReason(FinishReason.REFUSAL).build(),
                r -> r.toBuilder().finishReason(FinishReason.CONTENT_FILTER).build(),
                r -> r.toBuilder().finishReason(FinishReason.LENGTH).build(),
                r -> r.toBuilder().attribute(ResponseCache.ATTR_NO_STORE, "blocked by guardrail").build(),
                r -> r.toBuilder().text(" ").build())) {
            calls.set(0);
            ResponseCache c = cached(shape).build();
            c.chat(ChatRequest.of("q"));
            c.chat(ChatRequest.of("q"));
            c.close();
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void errorsAreNeverStored() {
        AtomicInteger n = new AtomicInteger();
        cache = ResponseCache.builder(FakeChatModel.builder().otherwiseStep(r -> n.incrementAndGet() == 1
                ? FakeChatModel.Step.fail(new ServerErrorException("503")) : FakeChatModel.Step.respond("fine"))
                .build()).build();
        assertThatThrownBy(() -> cache.chat(ChatRequest.of("q"))).isInstanceOf(ServerErrorException.class);
        assertThat(cache.chat(ChatRequest.of("q")).text()).isEqualTo("fine");
        assertThat(cache.chat(ChatRequest.of("q")).attribute(ChatResponse.ATTR_CACHE)).contains("exact");
        assertThat(n).hasValue(2);
    }

    @Test
    void sampledCallsAndToolCallsAreCachedOnlyWhenEnabled() {
        ChatRequest sampled = ChatRequest.builder().user("Write a poem").temperature(0.8).build();
        cache = cached().build();
        cache.chat(sampled);
        cache.chat(sampled);
        assertThat(calls).hasValue(2);
        ChatRequest greedy = sampled.toBuilder().temperature(0.0).build();
        cache.chat(greedy);
        cache.chat(greedy);
        assertThat(calls).hasValue(3);
        cache.close();

        calls.set(0);
        cache = cached().cacheSampled(true).build();
        cache.chat(sampled);
        cache.chat(sampled);
        assertThat(calls).hasValue(1);
        cache.close();

        Function<ChatResponse, ChatResponse> toolCall = r -> r.toBuilder().finishReason(FinishReason.TOOL_CALLS)
                .message(AssistantMessage.ofToolCalls(java.util.List.of(new ToolCall("c1", "search", "{}"))))
                .build();
        calls.set(0);
        cache = cached(toolCall).build();
        cache.chat(ChatRequest.of("find it"));
        cache.chat(ChatRequest.of("find it"));
        assertThat(calls).hasValue(2);
        cache.close();
        calls.set(0);
        cache = cached(toolCall).cacheToolCalls(true).build();
        cache.chat(ChatRequest.of("find it"));
        assertThat(cache.chat(ChatRequest.of("find it")).message().toolCalls()).hasSize(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRequestCanOptOutOrRefresh() {
        cache = cached().build();
        ChatRequest q = ChatRequest.of("q");
        cache.chat(q);
        cache.chat(q.toBuilder().attribute(ResponseCache.ATTR_CACHE_CONTROL, ResponseCache.CONTROL_OFF).build());
        assertThat(calls).hasValue(2);
        ChatResponse refreshed = cache.chat(q.toBuilder()
                .attribute(ResponseCache.ATTR_CACHE_CONTROL, ResponseCache.CONTROL_REFRESH).build());
        assertThat(refreshed.text()).startsWith("answer 3");
        assertThat(cache.chat(q).text()).startsWith("answer 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void invalidationByRequestTagTenantSourceVersionAndAll() {
        cache = cached().modelVersion("2026-11").build();
        ChatRequest plain = ChatRequest.of("plain");
        ChatRequest tagged = ChatRequest.builder().user("tagged").tag("pricing").build();
        ChatRequest acme = ChatRequest.builder().user("acme's").tenant("acme").build();
        ChatRequest fromDocs = ChatRequest.builder().user("from docs")
                .attribute(ResponseCache.ATTR_SOURCES, "docs/retry.md#2, docs/limits.md#1").build();
        for (ChatRequest r : java.util.List.of(plain, tagged, acme, fromDocs)) {
            cache.chat(r);
        }
        assertThat(calls).hasValue(4);

        assertThat(cache.invalidateSource("docs/limits.md#1")).isEqualTo(1);
        assertThat(cache.invalidateTag("pricing")).isEqualTo(1);
        assertThat(cache.invalidateTenant("acme")).isEqualTo(1);
        assertThat(cache.invalidate(plain)).isTrue();
        assertThat(cache.invalidate(plain)).isFalse();
        for (ChatRequest r : java.util.List.of(plain, tagged, acme, fromDocs)) {
            cache.chat(r);
        }
        assertThat(calls).hasValue(8);

        assertThat(cache.invalidateModelVersion("2026-10")).isZero();
        assertThat(cache.invalidateModelVersion("2026-11")).isEqualTo(4);
        cache.chat(plain);
        assertThat(calls).hasValue(9);
        assertThat(cache.invalidateAll()).isEqualTo(1);
        assertThat(cache.size()).isZero();
    }
}
