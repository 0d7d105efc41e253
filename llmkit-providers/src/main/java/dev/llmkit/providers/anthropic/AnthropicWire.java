package dev.llmkit.providers.anthropic;

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
import dev.llmkit.api.ToolChoice;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.Usage;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.providers.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The Messages API JSON format. */
final class AnthropicWire {
    private AnthropicWire() {}

    /** The key under which arguments that are not a JSON object are sent back, verbatim. */
    static final String RAW_ARGUMENTS = "_raw_arguments";

    /**
     * A tool call's arguments as the {@code input} object the Messages API requires. Arguments a model produced as
     * malformed JSON (or JSON that is not an object) go back as they came, as the string value of
     * {@value #RAW_ARGUMENTS}, so the conversation can continue and the model sees what it sent.
     */
    static JsonNode toolInput(ToolCall call) {
        if (call.arguments().isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.parse(call.arguments());
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (IOException malformed) {
            // sent back verbatim below
        }
        return Json.object().put(RAW_ARGUMENTS, call.arguments());
    }

    /**
     * The request body.
     *
     * @throws InvalidRequestException for what the Messages API cannot express: a JSON or JSON-schema response
     *     format (use a tool with that schema instead). A {@code seed} is not sent: the API has none.
     */
    static ObjectNode request(ChatRequest r, String defaultModel, int defaultMaxTokens, boolean stream) {
        if (r.responseFormat().type() != ResponseFormat.Type.TEXT) {
            throw new InvalidRequestException("Anthropic's Messages API has no response_format, so a "
                    + r.responseFormat().type() + " response format cannot be honoured; define a tool whose input"
                    + " schema is the format and set toolChoice to it, or validate the text with a guardrail.");
        }
        ObjectNode body = Json.object();
        body.put("model", r.model().orElse(defaultModel));
        body.put("max_tokens", r.maxOutputTokens().orElse(defaultMaxTokens));
        StringBuilder system = new StringBuilder();
        ArrayNode messages = body.putArray("messages");
        ObjectNode pendingToolResults = null;
        for (Message m : r.messages()) {
            if (m instanceof SystemMessage s) {
                system.append(system.length() == 0 ? "" : "\n\n").append(s.text());
                continue;
            }
            if (m instanceof ToolResultMessage t) {
                // consecutive tool results go back in one user message
                if (pendingToolResults == null) {
                    pendingToolResults = messages.addObject().put("role", "user");
                    pendingToolResults.putArray("content");
                }
                ((ArrayNode) pendingToolResults.get("content")).addObject().put("type", "tool_result")
                        .put("tool_use_id", t.toolCallId()).put("content", t.text()).put("is_error", t.isError());
                continue;
            }
            pendingToolResults = null;
            if (m instanceof UserMessage u) {
                ObjectNode msg = messages.addObject().put("role", "user");
                ArrayNode content = msg.putArray("content");
                for (ContentPart p : u.parts()) {
                    if (p instanceof ContentPart.Text t) {
                        content.addObject().put("type", "text").put("text", t.text());
                    } else if (p instanceof ContentPart.ImageUrl url) {
                        content.addObject().put("type", "image").putObject("source").put("type", "url")
                                .put("url", url.url().toString());
                    } else if (p instanceof ContentPart.ImageData img) {
                        content.addObject().put("type", "image").putObject("source").put("type", "base64")
                                .put("media_type", img.mediaType()).put("data", img.base64());
                    }
                }
            } else if (m instanceof AssistantMessage a) {
                ObjectNode msg = messages.addObject().put("role", "assistant");
                ArrayNode content = msg.putArray("content");
                if (!a.text().isEmpty()) {
                    content.addObject().put("type", "text").put("text", a.text());
                }
                for (ToolCall c : a.toolCalls()) {
                    content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                            .set("input", toolInput(c));
                }
            }
        }
        if (system.length() > 0) {
            body.put("system", system.toString());
        }
        r.temperature().ifPresent(t -> body.put("temperature", Math.min(1.0, t)));
        r.topP().ifPresent(p -> body.put("top_p", p));
        if (!r.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            r.stop().forEach(stop::add);
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name()).put("description", t.description());
                tool.set("input_schema", t.parameters());
                if (t.strict()) {
                    tool.put("strict", true); // needs the structured-outputs beta header, which the model adds
                }
            }
            ObjectNode choice = body.putObject("tool_choice");
            switch (r.toolChoice().mode()) {
                case AUTO -> choice.put("type", "auto");
                case NONE -> choice.put("type", "none");
                case REQUIRED -> choice.put("type", "any");
                case SPECIFIC -> choice.put("type", "tool").put("name", r.toolChoice().toolName().orElseThrow());
            }
            if (r.parallelToolCalls().isPresent() && r.toolChoice().mode() != ToolChoice.Mode.NONE) {
                choice.put("disable_parallel_tool_use", !r.parallelToolCalls().get());
            }
        }
        r.context().user().ifPresent(u -> body.putObject("metadata").put("user_id", u));
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    static ChatResponse.Builder response(JsonNode json, String defaultModel) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : json.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                        Json.write(block.path("input"))));
                default -> { }
            }
        }
        return ChatResponse.builder()
                .message(new AssistantMessage(text.toString(), calls))
                .usage(usage(json.path("usage"), Usage.ZERO))
                .finishReason(finishReason(json.path("stop_reason").asText("")))
                .model(json.path("model").asText(defaultModel));
    }

    static Usage usage(JsonNode u, Usage previous) {
        if (u.isMissingNode() || u.isNull()) {
            return previous;
        }
        long cachedRead = u.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = u.path("cache_creation_input_tokens").asLong(0);
        long in = u.has("input_tokens") ? u.path("input_tokens").asLong() + cachedRead + cacheWrite
                : previous.inputTokens();
        long out = u.has("output_tokens") ? u.path("output_tokens").asLong() : previous.outputTokens();
        if (!u.has("input_tokens")) {
            return previous.toBuilder().outputTokens(out).build();
        }
        return Usage.builder().inputTokens(in).outputTokens(out).cacheReadInputTokens(cachedRead)
                .cacheWriteInputTokens(cacheWrite).build();
    }

    static FinishReason finishReason(String stop) {
        return switch (stop) {
            case "end_turn", "stop_sequence", "" -> FinishReason.STOP;
            case "max_tokens" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.REFUSAL;
            default -> FinishReason.OTHER;
        };
    }
}
