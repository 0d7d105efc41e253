package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolChoice;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.testing.FakeChatModel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LangChain4jChatMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFullConversationWithToolsImagesAndAJsonSchemaSurvivesTheRoundTrip() throws Exception {
        FakeChatModel fake = FakeChatModel.always("done");
        ChatModel bridged = LangChain4jChat.from(LangChain4jChat.toLangChain4j(fake));
        ToolSpec weather = ToolSpec.of("weather", "Weather for a city", JSON.readTree("""
                {"type":"object","properties":{"city":{"type":"string","description":"the city"},
                 "days":{"type":"integer"}},"required":["city"]}"""));
        ToolSpec other = ToolSpec.noParameters("clock", "The time");
        ToolCall call = new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}");
        ChatRequest request = ChatRequest.builder()
                .system("Be brief.")
                .message(UserMessage.of(new ContentPart.Text("What is in the picture?"),
                        new ContentPart.ImageUrl(URI.create("https://example.org/cat.png")),
                        new ContentPart.ImageData(new byte[] {1, 2, 3}, "image/png")))
                .message(AssistantMessage.ofToolCalls(List.of(call)))
                .message(new ToolResultMessage("call_1", "weather", "sunny", false))
                .user("And tomorrow?")
                .model("gpt-x").temperature(0.2).topP(0.9).maxOutputTokens(50).stop(List.of("END"))
                .tools(List.of(weather, other)).toolChoice(ToolChoice.tool("weather"))
                .responseFormat(ResponseFormat.jsonSchema("answer", JSON.readTree(
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}")))
                .build();

        ChatResponse response = bridged.chat(request);

        assertThat(response.text()).isEqualTo("done");
        ChatRequest seen = fake.requests().get(0);
        assertThat(seen.messages()).isEqualTo(request.messages());
        assertThat(seen.model()).contains("gpt-x");
        assertThat(seen.temperature()).contains(0.2);
        assertThat(seen.topP()).contains(0.9);
        assertThat(seen.maxOutputTokens()).contains(50);
        assertThat(seen.stop()).containsExactly("END");
        // LangChain4j cannot name a tool: only the named one is offered, and a call is required
        assertThat(seen.tools()).extracting(ToolSpec::name).containsExactly("weather");
        assertThat(seen.tools().get(0).parameters()).isEqualTo(weather.parameters());
        assertThat(seen.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(seen.responseFormat().schema()).contains(request.responseFormat().schema().get());
        assertThat(seen.responseFormat().schemaName()).contains("answer");
    }

    @Test
    void toolCallsUsageAndFinishReasonComeBack() {
        ToolCall call = new ToolCall("call_9", "weather", "{\"city\":\"Rome\"}");
        ChatModel bridged = LangChain4jChat.from(LangChain4jChat.toLangChain4j(
                FakeChatModel.builder().then(FakeChatModel.Step.toolCalls(call)).build()));

        ChatResponse r = bridged.chat(ChatRequest.of("weather?"));

        assertThat(r.toolCalls()).containsExactly(call);
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage().inputTokens()).isNotNegative();
    }

    @Test
    void parallelToolCallsWithoutIdsGetDistinctOnes() {
        ToolExecutionRequest a = ToolExecutionRequest.builder().name("weather").arguments("{\"city\":\"Oslo\"}").build();
        ToolExecutionRequest b = ToolExecutionRequest.builder().name("weather").arguments("{\"city\":\"Rome\"}").build();
        dev.langchain4j.model.chat.ChatModel noIds = new dev.langchain4j.model.chat.ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(
                    dev.langchain4j.model.chat.request.ChatRequest request) {
                return dev.langchain4j.model.chat.response.ChatResponse.builder()
                        .aiMessage(AiMessage.builder().toolExecutionRequests(List.of(a, b)).build()).build();
            }
        };
        List<ToolCall> streamed = new ArrayList<>();

        ChatResponse r = LangChain4jChat.from(noIds).chat(ChatRequest.of("weather in Oslo and Rome?"));
        LangChain4jChat.from(noIds).stream(ChatRequest.of("again"), new StreamHandler() {
            @Override
            public void onToken(String token) {
            }

            @Override
            public void onToolCall(ToolCall toolCall) {
                streamed.add(toolCall);
            }

            @Override
            public void onComplete(ChatResponse response) {
            }

            @Override
            public void onError(LlmException error) {
            }
        });

        assertThat(r.toolCalls()).extracting(ToolCall::id).containsExactly("call_0", "call_1");
        assertThat(streamed).extracting(ToolCall::arguments).containsExactly("{\"city\":\"Oslo\"}",
                "{\"city\":\"Rome\"}");
    }

    @Test
    void failuresKeepTheirKindBothWays() {
        ChatModel limited = FakeChatModel.builder().then(FakeChatModel.Step.fail(new RateLimitedException("slow down")))
                .build();
        dev.langchain4j.model.chat.ChatModel lc4j = LangChain4jChat.toLangChain4j(limited);

        assertThatThrownBy(() -> lc4j.chat("hi")).isInstanceOf(dev.langchain4j.exception.RateLimitException.class);

        ChatModel back = LangChain4jChat.from(LangChain4jChat.toLangChain4j(FakeChatModel.builder()
                .then(FakeChatModel.Step.fail(new RateLimitedException("slow down"))).build()));
        assertThatThrownBy(() -> back.chat(ChatRequest.of("hi"))).isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((LlmException) e).isRetryable()).isTrue());
    }

    /** A LangChain4j streaming model that reports a tool call twice: as it completes and on the final response. */
    private static final class ToolStreaming implements StreamingChatModel {
        final AtomicBoolean upstreamCancelled = new AtomicBoolean();

        @Override
        public void doChat(dev.langchain4j.model.chat.request.ChatRequest request,
                StreamingChatResponseHandler handler) {
            StreamingHandle handle = new StreamingHandle() {
                @Override
                public void cancel() {
                    upstreamCancelled.set(true);
                }

                @Override
                public boolean isCancelled() {
                    return upstreamCancelled.get();
                }
            };
            ToolExecutionRequest req = ToolExecutionRequest.builder().id("t1").name("weather")
                    .arguments("{\"city\":\"Oslo\"}").build();
            for (String token : List.of("Let ", "me ", "check.")) {
                if (upstreamCancelled.get()) {
                    return;
                }
                handler.onPartialResponse(new PartialResponse(token), new PartialResponseContext(handle));
            }
            handler.onCompleteToolCall(new CompleteToolCall(0, req));
            handler.onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse.builder()
                    .aiMessage(AiMessage.builder().text("Let me check.").toolExecutionRequests(List.of(req)).build())
                    .tokenUsage(new TokenUsage(12, 5)).modelName("lc4j-model").build());
        }
    }

    @Test
    void aStreamedToolCallIsDeliveredOnceWithTokensAndUsage() {
        ChatModel bridged = LangChain4jChat.from(new ToolStreaming());
        List<String> events = new ArrayList<>();

        bridged.stream(ChatRequest.of("weather?"), new StreamHandler() {
            @Override
            public void onToken(String token) {
                events.add("token:" + token);
            }

            @Override
            public void onToolCall(ToolCall toolCall) {
                events.add("tool:" + toolCall.id());
            }

            @Override
            public void onComplete(ChatResponse response) {
                events.add("complete:" + response.usage().inputTokens() + "/" + response.usage().outputTokens() + ":"
                        + response.model() + ":" + response.toolCalls().size());
            }

            @Override
            public void onError(LlmException error) {
                events.add("error");
            }
        });

        assertThat(events).containsExactly("token:Let ", "token:me ", "token:check.", "tool:t1",
                "complete:12/5:lc4j-model:1");
    }

    @Test
    void aStreamingOnlyModelThatStallsFailsAtTheDeadlineAndIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        StreamingChatModel stalling = new StreamingChatModel() {
            @Override
            public void doChat(dev.langchain4j.model.chat.request.ChatRequest request,
                    StreamingChatResponseHandler handler) {
                StreamingHandle handle = new StreamingHandle() {
                    @Override
                    public void cancel() {
                        cancelled.set(true);
                    }

                    @Override
                    public boolean isCancelled() {
                        return cancelled.get();
                    }
                };
                handler.onPartialResponse(new PartialResponse("Thinking"), new PartialResponseContext(handle));
                // and then nothing more
            }
        };
        ChatRequest request = ChatRequest.of("hi").withDeadline(java.time.Instant.now().plusMillis(300));

        assertThatThrownBy(() -> LangChain4jChat.from(stalling).chat(request))
                .isInstanceOf(dev.llmkit.api.error.LlmTimeoutException.class).hasMessageContaining("deadline");
        assertThat(cancelled).isTrue();
    }

    @Test
    void aLangChain4jModelThatThrowsFromChatEndsTheStreamWithOneError() {
        StreamingChatModel throwing = new StreamingChatModel() {
            @Override
            public void doChat(dev.langchain4j.model.chat.request.ChatRequest request,
                    StreamingChatResponseHandler handler) {
                throw new dev.langchain4j.exception.RateLimitException("429 from the provider");
            }
        };
        List<String> events = new ArrayList<>();

        LangChain4jChat.from(throwing).stream(ChatRequest.of("hi"), new StreamHandler() {
            @Override
            public void onStart(dev.llmkit.api.StreamHandle handle) {
                events.add("start");
            }

            @Override
            public void onToken(String token) {
                events.add("token");
            }

            @Override
            public void onComplete(ChatResponse response) {
                events.add("complete");
            }

            @Override
            public void onError(LlmException error) {
                events.add("error:" + error.getClass().getSimpleName());
            }
        });

        assertThat(events).containsExactly("start", "error:RateLimitedException");
    }

    @Test
    void aThrowingHandlerCancelsTheUpstreamStreamAndGetsOneError() {
        ToolStreaming upstream = new ToolStreaming();
        List<String> events = new ArrayList<>();

        LangChain4jChat.from(upstream).stream(ChatRequest.of("weather?"), new StreamHandler() {
            @Override
            public void onToken(String token) {
                throw new IllegalStateException("guardrail tripped");
            }

            @Override
            public void onToolCall(ToolCall toolCall) {
                events.add("tool");
            }

            @Override
            public void onComplete(ChatResponse response) {
                events.add("complete");
            }

            @Override
            public void onError(LlmException error) {
                events.add("error:" + error.getCause().getMessage());
            }
        });

        assertThat(upstream.upstreamCancelled).isTrue();
        assertThat(events).containsExactly("error:guardrail tripped");
    }
}
