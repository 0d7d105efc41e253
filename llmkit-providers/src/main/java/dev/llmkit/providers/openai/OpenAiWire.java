package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.Usage;
import dev.llmkit.api.UserMessage;
import dev.llmkit.providers.internal.Json;
import java.util.ArrayList;
import java.util.List;

/** The chat-completions JSON format: requests out, responses in. */
final class OpenAiWire {
    private OpenAiWire() {}

    private static final java.util.regex.Pattern REASONING_MODEL =
            java.util.regex.Pattern.compile("^(?:[\\w.-]+/)?(?:o\\d+(?:$|[-_.].*)|gpt-5.*)$");

    /**
     * Whether {@code model} is one of OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 and their dated or sized
     * variants, optionally behind a {@code vendor/} prefix), which take {@code max_completion_tokens}.
     */
    static boolean isReasoningModel(String model) {
        return REASONING_MODEL.matcher(model.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    static ObjectNode request(ChatRequest r, String defaultModel, boolean stream, boolean maxCompletionTokens) {
        ObjectNode body = Json.object();
        body.put("model", r.model().orElse(defaultModel));
        ArrayNode messages = body.putArray("messages");
        for (Message m : r.messages()) {
            messages.add(message(m));
        }
        r.temperature().ifPresent(t -> body.put("temperature", t));
        r.topP().ifPresent(p -> body.put("top_p", p));
        r.maxOutputTokens().ifPresent(n -> body.put(maxCompletionTokens ? "max_completion_tokens" : "max_tokens", n));
        if (!r.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            r.stop().forEach(stop::add);
        }
        r.seed().ifPresent(s -> body.put("seed", s));
        if (!r.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
                if (t.strict()) {
                    fn.put("strict", true);
                }
            }
            r.parallelToolCalls().ifPresent(p -> body.put("parallel_tool_calls", p));
            switch (r.toolChoice().mode()) {
                case AUTO -> body.put("tool_choice", "auto");
                case NONE -> body.put("tool_choice", "none");
                case REQUIRED -> body.put("tool_choice", "required");
                case SPECIFIC -> body.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", r.toolChoice().toolName().orElseThrow());
            }
        }
        switch (r.responseFormat().type()) {
            case TEXT -> { }
            case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            case JSON_SCHEMA -> {
                ObjectNode schema = body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                schema.put("name", r.responseFormat().schemaName().orElseThrow());
                schema.set("schema", r.responseFormat().schema().orElseThrow());
                schema.put("strict", r.responseFormat().strict());
            }
        }
        r.context().user().ifPresent(u -> body.put("user", u));
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static ObjectNode message(Message m) {
        ObjectNode n = Json.object();
        if (m instanceof SystemMessage s) {
            n.put("role", "system").put("content", s.text());
        } else if (m instanceof UserMessage u) {
            n.put("role", "user");
            if (!u.hasImages()) {
                n.put("content", u.text());
            } else {
                ArrayNode parts = n.putArray("content");
                for (ContentPart p : u.parts()) {
                    if (p instanceof ContentPart.Text t) {
                        parts.addObject().put("type", "text").put("text", t.text());
                    } else if (p instanceof ContentPart.ImageUrl url) {
                        parts.addObject().put("type", "image_url").putObject("image_url").put("url", url.url().toString());
                    } else if (p instanceof ContentPart.ImageData img) {
                        parts.addObject().put("type", "image_url").putObject("image_url")
                                .put("url", "data:" + img.mediaType() + ";base64," + img.base64());
                    }
                }
            }
        } else if (m instanceof AssistantMessage a) {
            n.put("role", "assistant");
            if (a.text().isEmpty() && a.hasToolCalls()) {
                n.putNull("content");
            } else {
                n.put("content", a.text());
            }
            if (a.hasToolCalls()) {
                ArrayNode calls = n.putArray("tool_calls");
                for (ToolCall c : a.toolCalls()) {
                    calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                            .put("name", c.name()).put("arguments", c.arguments());
                }
            }
        } else if (m instanceof ToolResultMessage t) {
            n.put("role", "tool").put("tool_call_id", t.toolCallId()).put("content", t.text());
        }
        return n;
    }

    static ChatResponse.Builder response(JsonNode json, String defaultModel) {
        JsonNode choice = json.path("choices").path(0);
        JsonNode message = choice.path("message");
        String text = message.path("content").isTextual() ? message.path("content").asText() : "";
        boolean refused = message.path("refusal").isTextual() && !message.path("refusal").asText().isEmpty();
        if (refused && text.isEmpty()) {
            text = message.path("refusal").asText();
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode fn = c.path("function");
            calls.add(new ToolCall(c.path("id").asText("call_" + calls.size()), fn.path("name").asText(),
                    argumentsText(fn.path("arguments"))));
        }
        return ChatResponse.builder()
                .message(new AssistantMessage(text, calls))
                .usage(usage(json.path("usage")))
                .finishReason(refused ? FinishReason.REFUSAL
                        : finishReason(choice.path("finish_reason").asText(""), !calls.isEmpty()))
                .model(json.path("model").asText(defaultModel));
    }

    /** Arguments arrive as a JSON string (OpenAI, vLLM) or, from some servers (Ollama), as an object. */
    static String argumentsText(JsonNode arguments) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : Json.write(arguments);
    }

    static Usage usage(JsonNode u) {
        if (u.isMissingNode() || u.isNull()) {
            return Usage.ZERO;
        }
        long in = u.path("prompt_tokens").asLong(0);
        long out = u.path("completion_tokens").asLong(0);
        long cached = Math.min(in, u.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        long reasoning = Math.min(out, u.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        return Usage.builder().inputTokens(in).outputTokens(out).cacheReadInputTokens(cached).reasoningTokens(reasoning)
                .build();
    }

    static FinishReason finishReason(String reason, boolean toolCalls) {
        return switch (reason) {
            case "stop", "end_turn", "eos" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            default -> FinishReason.OTHER;
        };
    }
}
