package dev.llmkit.providers;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A stream handler that records everything, for assertions. */
public final class Collector implements StreamHandler {
    public final List<String> tokens = new CopyOnWriteArrayList<>();
    public final List<ToolCall> toolCalls = new CopyOnWriteArrayList<>();
    public final AtomicInteger terminals = new AtomicInteger();
    public final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

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
        terminals.incrementAndGet();
        done.complete(response);
    }

    @Override
    public void onError(LlmException error) {
        terminals.incrementAndGet();
        done.completeExceptionally(error);
    }

    /** The response, waiting up to 10 s. */
    public ChatResponse response() throws Exception {
        return done.get(10, TimeUnit.SECONDS);
    }

    /** The error, waiting up to 10 s. */
    public LlmException error() throws Exception {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return (LlmException) e.getCause();
        }
        throw new AssertionError("stream completed instead of failing");
    }
}
