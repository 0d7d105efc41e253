package dev.llmkit.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.Message;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolChoice;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.Usage;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.ContentBlockedException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ModelNotFoundException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Requests, responses, schemas and errors between llmkit and LangChain4j, both ways. */
final class ChatMapping {

    private ChatMapping() {}

    // ---- llmkit -> LangChain4j ----

    static dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(ChatRequest r) {
        List<ChatMessage> messages = new ArrayList<>(r.messages().size());
        r.messages().forEach(m -> messages.add(toLangChain4j(m)));
        List<ToolSpec> tools = r.tools();
        dev.langchain4j.model.chat.request.ToolChoice choice = null;
        if (!tools.isEmpty()) {
            choice = switch (r.toolChoice().mode()) {
                case AUTO -> dev.langchain4j.model.chat.request.ToolChoice.AUTO;
                case NONE -> dev.langchain4j.model.chat.request.ToolChoice.NONE;
                // LangChain4j cannot name one tool: offer only that tool and require a call
                case REQUIRED, SPECIFIC -> dev.langchain4j.model.chat.request.ToolChoice.REQUIRED;
            };
            if (r.toolChoice().toolName().isPresent()) {
                String name = r.toolChoice().toolName().get();
                tools = tools.stream().filter(t -> t.name().equals(name)).toList();
            }
        }
        var b = dev.langchain4j.model.chat.request.ChatRequest.builder().messages(messages);
        r.model().ifPresent(b::modelName);
        r.temperature().ifPresent(b::temperature);
        r.topP().ifPresent(b::topP);
        r.maxOutputTokens().ifPresent(b::maxOutputTokens);
        if (!r.stop().isEmpty()) {
            b.stopSequences(r.stop());
        }
        if (!tools.isEmpty()) {
            b.toolSpecifications(tools.stream().map(Schemas::toLangChain4j).toList()).toolChoice(choice);
        }
        ResponseFormat f = r.responseFormat();
        if (f.type() != ResponseFormat.Type.TEXT) {
            var fb = dev.langchain4j.model.chat.request.ResponseFormat.builder().type(ResponseFormatType.JSON);
            if (f.schema().isPresent()) {
                fb.jsonSchema(JsonSchema.builder().name(f.schemaName().orElse("response"))
                        .rootElement(JsonRawSchema.from(f.schema().get().toString())).build());
            }
            b.responseFormat(fb.build());
        }
        return b.build();
    }

    private static ChatMessage toLangChain4j(Message m) {
        if (m instanceof SystemMessage s) {
            return dev.langchain4j.data.message.SystemMessage.from(s.text());
        } else if (m instanceof UserMessage u) {
            List<Content> contents = new ArrayList<>(u.parts().size());
            for (ContentPart p : u.parts()) {
                if (p instanceof ContentPart.Text t) {
                    contents.add(TextContent.from(t.text()));
                } else if (p instanceof ContentPart.ImageUrl i) {
                    contents.add(ImageContent.from(i.url()));
                } else if (p instanceof ContentPart.ImageData d) {
                    contents.add(ImageContent.from(Base64.getEncoder().encodeToString(d.data()), d.mediaType()));
                }
            }
            return dev.langchain4j.data.message.UserMessage.from(contents);
        } else if (m instanceof AssistantMessage a) {
            var b = AiMessage.builder();
            if (!a.text().isEmpty() || !a.hasToolCalls()) {
                b.text(a.text());
            }
            if (a.hasToolCalls()) {
                b.toolExecutionRequests(a.toolCalls().stream().map(ChatMapping::toLangChain4j).toList());
            }
            return b.build();
        } else if (m instanceof ToolResultMessage t) {
            return ToolExecutionResultMessage.builder().id(t.toolCallId()).toolName(t.toolName()).text(t.text())
                    .isError(t.isError()).build();
        }
        throw new IllegalArgumentException("unknown message type " + m.getClass().getName());
    }

    static ToolExecutionRequest toLangChain4j(ToolCall c) {
        return ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build();
    }

    static dev.langchain4j.model.chat.response.ChatResponse toLangChain4j(ChatResponse r) {
        var ai = AiMessage.builder();
        if (!r.text().isEmpty() || r.toolCalls().isEmpty()) {
            ai.text(r.text());
        }
        if (!r.toolCalls().isEmpty()) {
            ai.toolExecutionRequests(r.toolCalls().stream().map(ChatMapping::toLangChain4j).toList());
        }
        var b = dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(ai.build()).modelName(r.model())
                .tokenUsage(new TokenUsage(toInt(r.usage().inputTokens()), toInt(r.usage().outputTokens())))
                .finishReason(switch (r.finishReason()) {
                    case STOP -> dev.langchain4j.model.output.FinishReason.STOP;
                    case LENGTH -> dev.langchain4j.model.output.FinishReason.LENGTH;
                    case TOOL_CALLS -> dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION;
                    case CONTENT_FILTER, REFUSAL -> dev.langchain4j.model.output.FinishReason.CONTENT_FILTER;
                    default -> dev.langchain4j.model.output.FinishReason.OTHER;
                });
        r.requestId().ifPresent(b::id);
        return b.build();
    }

    private static int toInt(long n) {
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** An llmkit failure as the LangChain4j exception of the same kind, so LangChain4j's retries judge it alike. */
    static RuntimeException toLangChain4j(LlmException e) {
        String m = e.getMessage();
        if (e instanceof RateLimitedException) {
            return new dev.langchain4j.exception.RateLimitException(m, e);
        } else if (e instanceof AuthenticationException) {
            return new dev.langchain4j.exception.AuthenticationException(m, e);
        } else if (e instanceof ModelNotFoundException) {
            return new dev.langchain4j.exception.ModelNotFoundException(m, e);
        } else if (e instanceof ContentBlockedException) {
            return new dev.langchain4j.exception.ContentFilteredException(m, e);
        } else if (e instanceof InvalidRequestException) {
            return new dev.langchain4j.exception.InvalidRequestException(m, e);
        } else if (e instanceof LlmTimeoutException) {
            return new dev.langchain4j.exception.TimeoutException(m, e);
        } else if (e.isRetryable()) {
            return new dev.langchain4j.exception.InternalServerException(m, e);
        }
        return new dev.langchain4j.exception.NonRetriableException(m, e);
    }

    // ---- LangChain4j -> llmkit ----

    static ChatResponse fromLangChain4j(dev.langchain4j.model.chat.response.ChatResponse r, String fallbackModel,
            Duration latency, Duration timeToFirstToken) {
        AiMessage ai = r.aiMessage();
        List<ToolCall> calls = ai == null || !ai.hasToolExecutionRequests() ? List.of()
                : toolCalls(ai.toolExecutionRequests());
        String text = ai == null || ai.text() == null ? "" : ai.text();
        TokenUsage u = r.tokenUsage();
        Usage usage = u == null ? Usage.ZERO : Usage.of(u.inputTokenCount() == null ? 0 : u.inputTokenCount(),
                u.outputTokenCount() == null ? 0 : u.outputTokenCount());
        FinishReason reason = r.finishReason() == null ? (calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS)
                : switch (r.finishReason()) {
                    case STOP, OTHER -> calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
                    case LENGTH -> FinishReason.LENGTH;
                    case TOOL_EXECUTION -> FinishReason.TOOL_CALLS;
                    case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
                };
        String model = r.modelName() == null || r.modelName().isBlank() ? fallbackModel : r.modelName();
        return ChatResponse.builder().message(new AssistantMessage(text, calls)).usage(usage).finishReason(reason)
                .model(model).latency(latency).timeToFirstToken(timeToFirstToken).requestId(r.id()).build();
    }

    /** The calls of one response; a call without an id gets {@code call_<index>}, unique in the response. */
    static List<ToolCall> toolCalls(List<ToolExecutionRequest> requests) {
        List<ToolCall> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            out.add(fromLangChain4j(requests.get(i), i));
        }
        return out;
    }

    /** A tool call; {@code index} (its place in the response) names it when the provider gave no id. */
    static ToolCall fromLangChain4j(ToolExecutionRequest t, int index) {
        return new ToolCall(t.id() == null || t.id().isBlank() ? "call_" + index : t.id(), t.name(),
                t.arguments() == null || t.arguments().isBlank() ? "{}" : t.arguments());
    }

    static ChatRequest fromLangChain4j(dev.langchain4j.model.chat.request.ChatRequest r) {
        var b = ChatRequest.builder();
        for (ChatMessage m : r.messages()) {
            b.message(fromLangChain4j(m));
        }
        if (r.modelName() != null) {
            b.model(r.modelName());
        }
        b.temperature(r.temperature()).topP(r.topP()).maxOutputTokens(r.maxOutputTokens());
        if (r.stopSequences() != null && !r.stopSequences().isEmpty()) {
            b.stop(r.stopSequences());
        }
        if (r.toolSpecifications() != null && !r.toolSpecifications().isEmpty()) {
            b.tools(r.toolSpecifications().stream().map(Schemas::fromLangChain4j).toList());
            if (r.toolChoice() != null) {
                b.toolChoice(switch (r.toolChoice()) {
                    case AUTO -> ToolChoice.AUTO;
                    case REQUIRED -> ToolChoice.REQUIRED;
                    case NONE -> ToolChoice.NONE;
                });
            }
        }
        var f = r.responseFormat();
        if (f != null && f.type() == ResponseFormatType.JSON) {
            b.responseFormat(f.jsonSchema() == null ? ResponseFormat.JSON_OBJECT
                    : ResponseFormat.jsonSchema(f.jsonSchema().name() == null ? "response" : f.jsonSchema().name(),
                            Schemas.toJson(f.jsonSchema().rootElement())));
        }
        return b.build();
    }

    private static Message fromLangChain4j(ChatMessage m) {
        if (m instanceof dev.langchain4j.data.message.SystemMessage s) {
            return new SystemMessage(s.text());
        } else if (m instanceof dev.langchain4j.data.message.UserMessage u) {
            List<ContentPart> parts = new ArrayList<>();
            for (Content c : u.contents()) {
                if (c instanceof TextContent t) {
                    parts.add(new ContentPart.Text(t.text()));
                } else if (c instanceof ImageContent i && i.image().url() != null) {
                    parts.add(new ContentPart.ImageUrl(i.image().url()));
                } else if (c instanceof ImageContent i && i.image().base64Data() != null) {
                    parts.add(new ContentPart.ImageData(Base64.getDecoder().decode(i.image().base64Data()),
                            i.image().mimeType()));
                } else {
                    throw new InvalidRequestException("llmkit models take text and images; this message holds "
                            + c.type() + " content");
                }
            }
            return new UserMessage(parts);
        } else if (m instanceof AiMessage a) {
            List<ToolCall> calls = a.hasToolExecutionRequests() ? toolCalls(a.toolExecutionRequests()) : List.of();
            return new AssistantMessage(a.text() == null ? "" : a.text(), calls);
        } else if (m instanceof ToolExecutionResultMessage t) {
            return new ToolResultMessage(t.id(), t.toolName(), t.text(), Boolean.TRUE.equals(t.isError()));
        }
        throw new InvalidRequestException("llmkit models take system, user, assistant and tool-result messages, not "
                + m.type());
    }

    /** A LangChain4j failure as the llmkit exception of the same kind (retryable when LangChain4j says so). */
    static LlmException fromLangChain4j(Throwable t, String model) {
        if (t instanceof LlmException e) {
            return e;
        }
        String m = "The LangChain4j model " + model + " failed: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t instanceof dev.langchain4j.exception.RateLimitException) {
            return new RateLimitedException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.AuthenticationException) {
            return new AuthenticationException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.ModelNotFoundException) {
            return new ModelNotFoundException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.ContentFilteredException) {
            return new ContentBlockedException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.InvalidRequestException) {
            return new InvalidRequestException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.TimeoutException) {
            return new LlmTimeoutException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.RetriableException) {
            return new ServerErrorException(m, t, ErrorInfo.NONE);
        } else if (t instanceof dev.langchain4j.exception.HttpException h) {
            return h.statusCode() >= 500 ? new ServerErrorException(m, t, ErrorInfo.NONE)
                    : new InvalidRequestException(m, t, ErrorInfo.NONE);
        }
        return new LlmException(m, t, false, ErrorInfo.NONE);
    }

}
