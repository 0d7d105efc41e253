package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.routing.internal.Forwarding;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streams of the rollout decorators: everything passes through; the end is mapped and watched. */
final class Stamping {
    private static final Logger LOG = LoggerFactory.getLogger(Stamping.class);

    private Stamping() {}

    /** Runs an observer of the rollout (recorder, scorer, listener): its failure is logged, never the caller's. */
    static void observe(Runnable observer) {
        try {
            observer.run();
        } catch (RuntimeException e) {
            LOG.warn("a rollout observer threw; the call's outcome is unchanged", e);
        }
    }

    /** Streams {@code model} into {@code handler} with the complete response mapped by {@code map}. */
    static StreamHandle stream(ChatModel model, ChatRequest request, StreamHandler handler,
            UnaryOperator<ChatResponse> map) {
        return stream(model, request, handler, map, r -> { }, e -> { });
    }

    /**
     * Streams {@code model} into {@code handler}, telling {@code completed} and {@code failed} how the stream ended,
     * after the handler heard it. A model that throws from {@code stream} ends the stream with one {@code onError}
     * ({@link Forwarding#startOn}).
     */
    static StreamHandle stream(ChatModel model, ChatRequest request, StreamHandler handler,
            UnaryOperator<ChatResponse> map, Consumer<ChatResponse> completed, Consumer<LlmException> failed) {
        return new Forwarding(handler) {
            @Override
            protected void completed(ChatResponse response) {
                ChatResponse mapped = map.apply(response);
                try {
                    out.onComplete(mapped);
                } finally {
                    observe(() -> completed.accept(mapped));
                }
            }

            @Override
            protected void failed(LlmException error) {
                try {
                    out.onError(error);
                } finally {
                    observe(() -> failed.accept(error));
                }
            }
        }.startOn(model, request);
    }
}
