package dev.llmkit.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The prompt part, shared by every copy of a request: what the model is asked, and the content hash of it. A
 * request copy for another deadline or attempt shares it, so those copies cost one small object.
 */
final class Prompt {
    final List<Message> messages;
    final @Nullable String model;
    final @Nullable Double temperature;
    final @Nullable Double topP;
    final @Nullable Integer maxOutputTokens;
    final List<String> stop;
    final List<ToolSpec> tools;
    final ToolChoice toolChoice;
    final @Nullable Boolean parallelToolCalls;
    final ResponseFormat responseFormat;
    final @Nullable Long seed;
    volatile @Nullable String contentHash;

    Prompt(ChatRequest.Builder b) {
        messages = List.copyOf(b.messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("ChatRequest needs at least one message; add one with builder().user(...)");
        }
        model = b.model;
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank; leave it empty to use the model's default");
        }
        temperature = b.temperature;
        if (temperature != null && !(temperature >= 0.0 && temperature <= 2.0)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
        topP = b.topP;
        if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
            throw new IllegalArgumentException("topP must be greater than 0 and at most 1, got " + topP);
        }
        maxOutputTokens = b.maxOutputTokens;
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1, got " + maxOutputTokens);
        }
        stop = List.copyOf(b.stop);
        tools = List.copyOf(b.tools);
        toolChoice = b.toolChoice;
        if (tools.isEmpty() && (toolChoice.mode() == ToolChoice.Mode.REQUIRED
                || toolChoice.mode() == ToolChoice.Mode.SPECIFIC)) {
            throw new IllegalArgumentException("toolChoice " + toolChoice.mode() + " needs at least one tool");
        }
        if (!tools.isEmpty()) {
            Set<String> toolNames = new LinkedHashSet<>();
            for (ToolSpec t : tools) {
                if (!toolNames.add(t.name())) {
                    throw new IllegalArgumentException("two tools are named '" + t.name()
                            + "'; tool names must be unique");
                }
            }
            if (toolChoice.toolName().isPresent() && !toolNames.contains(toolChoice.toolName().get())) {
                throw new IllegalArgumentException("toolChoice names tool '" + toolChoice.toolName().get()
                        + "', which is not among the tools");
            }
        }
        parallelToolCalls = b.parallelToolCalls;
        if (parallelToolCalls != null && tools.isEmpty()) {
            throw new IllegalArgumentException("parallelToolCalls is set but the request has no tools");
        }
        responseFormat = b.responseFormat;
        seed = b.seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prompt p && messages.equals(p.messages) && Objects.equals(model, p.model)
                && Objects.equals(temperature, p.temperature) && Objects.equals(topP, p.topP)
                && Objects.equals(maxOutputTokens, p.maxOutputTokens) && stop.equals(p.stop)
                && tools.equals(p.tools) && toolChoice.equals(p.toolChoice)
                && Objects.equals(parallelToolCalls, p.parallelToolCalls)
                && responseFormat.equals(p.responseFormat) && Objects.equals(seed, p.seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, model, temperature, topP, maxOutputTokens, stop, tools, toolChoice,
                parallelToolCalls, responseFormat, seed);
    }
}
