package dev.llmkit.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.Usage;
import dev.llmkit.providers.internal.HttpErrors;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.StreamDecoder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.Map;

/**
 * Decodes Messages API stream events: {@code message_start} (model, input usage), {@code content_block_start} /
 * {@code content_block_delta} ({@code text_delta}, {@code input_json_delta}) / {@code content_block_stop} (a tool
 * call is delivered when its block stops), {@code message_delta} (stop reason, output usage), {@code message_stop}
 * (terminal), {@code ping}, and {@code error}.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
    private final String provider;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String[]> toolBlocks = new HashMap<>();
    private final Map<Integer, StringBuilder> toolInput = new HashMap<>();
    private final List<ToolCall> calls = new ArrayList<>();
    private String model;
    private String stopReason = "";
    private Usage usage = Usage.ZERO;
    private final @Nullable String secret;

    AnthropicStreamDecoder(String provider, String model, @Nullable String secret) {
        this.provider = provider;
        this.secret = secret;
        this.model = model;
    }

    @Override
    public boolean onEvent(String event, String data, Sink sink) throws IOException {
        JsonNode json = Json.parse(data);
        String type = json.path("type").asText(event);
        switch (type) {
            case "message_start" -> {
                JsonNode m = json.path("message");
                model = m.path("model").asText(model);
                usage = AnthropicWire.usage(m.path("usage"), usage);
            }
            case "content_block_start" -> {
                JsonNode block = json.path("content_block");
                int index = json.path("index").asInt();
                if (block.path("type").asText().equals("tool_use")) {
                    toolBlocks.put(index, new String[] {block.path("id").asText(), block.path("name").asText()});
                    toolInput.put(index, new StringBuilder());
                } else if (block.path("text").isTextual() && !block.path("text").asText().isEmpty()) {
                    text.append(block.path("text").asText());
                    sink.token(block.path("text").asText());
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = json.path("delta");
                int index = json.path("index").asInt();
                switch (delta.path("type").asText()) {
                    case "text_delta" -> {
                        text.append(delta.path("text").asText());
                        sink.token(delta.path("text").asText());
                    }
                    case "input_json_delta" -> toolInput.computeIfAbsent(index, i -> new StringBuilder())
                            .append(delta.path("partial_json").asText());
                    default -> { }
                }
            }
            case "content_block_stop" -> {
                int index = json.path("index").asInt();
                String[] tool = toolBlocks.remove(index);
                if (tool != null) {
                    String args = toolInput.remove(index).toString();
                    ToolCall call = new ToolCall(tool[0], tool[1], args.isBlank() ? "{}" : args);
                    calls.add(call);
                    sink.toolCall(call);
                }
            }
            case "message_delta" -> {
                stopReason = json.path("delta").path("stop_reason").asText(stopReason);
                usage = AnthropicWire.usage(json.path("usage"), usage);
            }
            case "message_stop" -> {
                return true;
            }
            case "error" -> {
                String errType = json.path("error").path("type").asText("");
                int status = switch (errType) {
                    case "overloaded_error" -> 529;
                    case "rate_limit_error" -> 429;
                    case "invalid_request_error" -> 400;
                    case "authentication_error" -> 401;
                    default -> 500;
                };
                throw HttpErrors.fromResponse(provider, status, okhttp3.Headers.of(), data, Instant.now(), secret);
            }
            default -> { }
        }
        return false;
    }

    @Override
    public ChatResponse.Builder response() {
        return ChatResponse.builder()
                .message(new AssistantMessage(text.toString(), calls))
                .usage(usage)
                .finishReason(AnthropicWire.finishReason(stopReason))
                .model(model);
    }
}
