package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A model whose streams the test drives by hand: each call's handler is kept, and {@code onStart} may act at once
 * (fail synchronously, throw, emit a tool call). Counts calls and cancellations.
 */
final class ScriptedModel implements ChatModel {
    final List<StreamHandler> handlers = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();
    private final BiConsumer<Integer, StreamHandler> onStart;

    ScriptedModel(BiConsumer<Integer, StreamHandler> onStart) {
        this.onStart = onStart;
    }

    /** Keeps every stream open until the test ends it. */
    static ScriptedModel open() {
        return new ScriptedModel((n, h) -> { });
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        throw new UnsupportedOperationException("streams only");
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        int n = calls.incrementAndGet();
        handlers.add(handler);
        onStart.accept(n, handler);
        return new StreamHandle() {
            private volatile boolean cancelled;

            @Override
            public void cancel() {
                if (!cancelled) {
                    cancelled = true;
                    cancels.incrementAndGet();
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
    }

    StreamHandler last() {
        return handlers.get(handlers.size() - 1);
    }

    @Override
    public String toString() {
        return "ScriptedModel";
    }
}
