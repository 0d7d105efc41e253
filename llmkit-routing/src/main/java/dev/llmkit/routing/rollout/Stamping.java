package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stream handlers that pass everything through and change or watch the end. */
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

    /** {@code handler} with its complete response mapped by {@code map}. */
    static StreamHandler onComplete(StreamHandler handler, UnaryOperator<ChatResponse> map) {
        return watching(handler, map, r -> { }, e -> { });
    }

    /** {@code handler}, telling {@code completed} and {@code failed} how the stream ended. */
    static StreamHandler watching(StreamHandler handler, UnaryOperator<ChatResponse> map,
            Consumer<ChatResponse> completed, Consumer<LlmException> failed) {
        return new StreamHandler() {
            @Override
            public void onStart(StreamHandle handle) {
                handler.onStart(handle);
            }

            @Override
            public void onToken(String token) {
                handler.onToken(token);
            }

            @Override
            public void onToolCall(ToolCall toolCall) {
                handler.onToolCall(toolCall);
            }

            @Override
            public void onComplete(ChatResponse response) {
                ChatResponse mapped = map.apply(response);
                try {
                    handler.onComplete(mapped);
                } finally {
                    observe(() -> completed.accept(mapped));
                }
            }

            @Override
            public void onError(LlmException error) {
                try {
                    handler.onError(error);
                } finally {
                    observe(() -> failed.accept(error));
                }
            }
        };
    }
}
