package dev.llmkit.guardrails;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a stream's callbacks and counts its terminal ones. */
class Recorder implements StreamHandler {
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<ToolCall> toolCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger terminals = new AtomicInteger();
    volatile ChatResponse response;
    volatile LlmException error;
    volatile StreamHandle handle;

    @Override
    public void onStart(StreamHandle handle) {
        this.handle = handle;
    }

    @Override
    public void onToken(String token) {
        tokens.add(token);
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        toolCalls.add(toolCall);
    }

    @Override
    public void onComplete(ChatResponse response) {
        this.response = response;
        terminals.incrementAndGet();
    }

    @Override
    public void onError(LlmException error) {
        this.error = error;
        terminals.incrementAndGet();
    }

    String text() {
        return String.join("", tokens);
    }
}
