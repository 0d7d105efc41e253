package dev.llmkit.benchmarks;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;

/** A zero-latency model returning one prebuilt response, so a benchmark measures only what wraps it. */
public final class ConstantModel implements ChatModel {
    private final ChatResponse response;

    /** A model that always answers {@code response}. */
    public ConstantModel(ChatResponse response) {
        this.response = response;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return response;
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        handler.onStart(StreamHandle.ended());
        handler.onToken(response.text());
        handler.onComplete(response);
        return StreamHandle.ended();
    }
}
