package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.Usage;
import dev.llmkit.providers.internal.HttpErrors;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.StreamDecoder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
    private final TreeMap<Integer, PartialCall> calls = new TreeMap<>();
    private String model;
    private String finish = "";
    private Usage usage = Usage.ZERO;
    private boolean refused;
    private final @Nullable String secret;

    OpenAiStreamDecoder(String provider, String model, @Nullable String secret) {
        this.provider = provider;
        this.secret = secret;
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
            for (ToolCall call : toolCalls()) {
                sink.toolCall(call);
            }
            return true;
        }
        JsonNode chunk = Json.parse(data);
        if (chunk.has("error")) {
            throw HttpErrors.fromResponse(provider, chunk.path("error").path("code").asInt(500),
                    okhttp3.Headers.of(), data, Instant.now(), secret);
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
            JsonNode refusal = delta.path("refusal");
            if (refusal.isTextual() && !refusal.asText().isEmpty()) {
                refused = true;
                text.append(refusal.asText());
                sink.token(refusal.asText());
            }
            for (JsonNode tc : delta.path("tool_calls")) {
                PartialCall p = calls.computeIfAbsent(callIndex(tc), i -> new PartialCall());
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

    /**
     * The index a tool-call fragment belongs to. Servers that omit {@code index} (some proxies) start a call with a
     * fragment that has an {@code id} and continue it with fragments that have none.
     */
    private int callIndex(JsonNode fragment) {
        if (fragment.path("index").isInt()) {
            return fragment.path("index").asInt();
        }
        if (fragment.path("id").isTextual() || calls.isEmpty()) {
            return calls.isEmpty() ? 0 : calls.lastKey() + 1;
        }
        return calls.lastKey();
    }

    private List<ToolCall> toolCalls() {
        List<ToolCall> done = new ArrayList<>();
        for (Map.Entry<Integer, PartialCall> e : calls.entrySet()) {
            PartialCall p = e.getValue();
            if (p.name.isBlank()) {
                throw new StreamInterruptedException(provider + " streamed tool call #" + e.getKey() + " without a"
                        + " function name, so it cannot be run; retry, or check the server's tool-call support.");
            }
            done.add(new ToolCall(p.id.isEmpty() ? "call_" + e.getKey() : p.id, p.name, p.arguments.toString()));
        }
        return done;
    }

    @Override
    public ChatResponse.Builder response() {
        List<ToolCall> done = toolCalls();
        return ChatResponse.builder()
                .message(new AssistantMessage(text.toString(), done))
                .usage(usage)
                .finishReason(refused ? FinishReason.REFUSAL : OpenAiWire.finishReason(finish, !done.isEmpty()))
                .model(model);
    }
}
