package dev.llmkit.providers.openai;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes chat-completion chunks: content deltas, tool calls assembled from fragments keyed by {@code index}
 * (each delivered once the stream ends), the usage chunk, and {@code [DONE]}. Tolerates servers that omit usage
 * (Ollama, older vLLM), send {@code null} content, or put an {@code error} object in the stream.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
    private final String provider;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, PartialCall> calls = new TreeMap<>();
    private String model;
    private String finish = "";
    private Usage usage = Usage.ZERO;

    OpenAiStreamDecoder(String provider, String model) {
        this.provider = provider;
        this.model = model;
    }

    private static final class PartialCall {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
    }

    @Override
    public boolean onEvent(String event, String data, Sink sink) throws IOException {
        if (data.strip().equals("[DONE]")) {
            for (Map.Entry<Integer, PartialCall> e : calls.entrySet()) {
                PartialCall p = e.getValue();
                sink.toolCall(new ToolCall(p.id.isEmpty() ? "call_" + e.getKey() : p.id, p.name, p.arguments.toString()));
            }
            return true;
        }
        JsonNode chunk = Json.parse(data);
        if (chunk.has("error")) {
            throw HttpErrors.fromResponse(provider, chunk.path("error").path("code").asInt(500),
                    okhttp3.Headers.of(), data, Instant.now());
        }
        if (chunk.path("model").isTextual()) {
            model = chunk.path("model").asText();
        }
        if (chunk.hasNonNull("usage")) {
            usage = OpenAiWire.usage(chunk.path("usage"));
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            JsonNode content = delta.path("content");
            if (content.isTextual()) {
                text.append(content.asText());
                sink.token(content.asText());
            }
            for (JsonNode tc : delta.path("tool_calls")) {
                PartialCall p = calls.computeIfAbsent(tc.path("index").asInt(calls.size()), i -> new PartialCall());
                if (tc.path("id").isTextual()) {
                    p.id = tc.path("id").asText();
                }
                JsonNode fn = tc.path("function");
                if (fn.path("name").isTextual()) {
                    p.name = p.name + fn.path("name").asText();
                }
                p.arguments.append(OpenAiWire.argumentsText(fn.path("arguments")));
            }
            if (choice.path("finish_reason").isTextual()) {
                finish = choice.path("finish_reason").asText();
            }
        }
        return false;
    }

    @Override
    public ChatResponse.Builder response() {
        List<ToolCall> done = new ArrayList<>();
        calls.forEach((i, p) -> done.add(new ToolCall(p.id.isEmpty() ? "call_" + i : p.id, p.name, p.arguments.toString())));
        return ChatResponse.builder()
                .message(new AssistantMessage(text.toString(), done))
                .usage(usage)
                .finishReason(OpenAiWire.finishReason(finish, !done.isEmpty()))
                .model(model);
    }
}
