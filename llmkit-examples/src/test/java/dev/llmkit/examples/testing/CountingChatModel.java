package dev.llmkit.examples.testing;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import java.util.concurrent.atomic.AtomicLong;

/** A decorator as a user writes one: counts calls and is still a {@link ChatModel} (shown in docs/testing.md). */
final class CountingChatModel implements ChatModel {
    private final ChatModel delegate;
    private final AtomicLong calls = new AtomicLong();

    CountingChatModel(ChatModel delegate) {
        this.delegate = delegate;
    }

    long calls() {
        return calls.get();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        calls.incrementAndGet();
        return delegate.chat(request);
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        calls.incrementAndGet();
        return delegate.stream(request, handler);
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }
}
