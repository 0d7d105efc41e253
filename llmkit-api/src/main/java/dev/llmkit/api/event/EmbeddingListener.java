package dev.llmkit.api.event;

import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Observes embedding calls: an embedding model built with a listener reports each call once, when it ends, with an
 * {@link EmbeddingEvent} (model, texts, tokens, latency, error). One event object per call, so events can grow without
 * breaking listeners.
 *
 * <p>Listeners are called on the thread that ends the call (the caller's, or an HTTP client's for async calls) and
 * must be fast and thread-safe. An exception thrown by a listener is logged at WARN and never reaches the call: every
 * llmkit model wraps its listener with {@link #safe}.
 *
 * <pre>{@code
 * EmbeddingListener meter = e -> registry.counter("embedding.tokens", "model", e.model()).increment(e.inputTokens());
 * EmbeddingModel model = OpenAiCompatibleEmbeddingModel.builder()...listener(meter).build();
 * }</pre>
 */
@FunctionalInterface
public interface EmbeddingListener {

    /** Ignores every event. */
    EmbeddingListener NONE = new EmbeddingListener() {
        @Override
        public void onEmbedding(EmbeddingEvent event) {
        }

        @Override
        public String toString() {
            return "EmbeddingListener.NONE";
        }
    };

    /** An embedding call ended, with its vectors or with an error. */
    void onEmbedding(EmbeddingEvent event);

    /**
     * One listener that forwards to each of {@code listeners} in order, logging at WARN and swallowing what each
     * throws, so one faulty listener neither breaks the call nor starves the others.
     */
    static EmbeddingListener composite(List<? extends EmbeddingListener> listeners) {
        List<EmbeddingListener> all = List.copyOf(listeners);
        return new EmbeddingListener() {
            @Override
            public void onEmbedding(EmbeddingEvent event) {
                for (EmbeddingListener l : all) {
                    try {
                        l.onEmbedding(event);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(EmbeddingListener.class)
                                .warn("Embedding listener {} threw from onEmbedding; the call goes on", l, e);
                    }
                }
            }

            @Override
            public String toString() {
                return "EmbeddingListener.composite" + all;
            }
        };
    }

    /** {@link #composite(List)} of the given listeners. */
    static EmbeddingListener composite(EmbeddingListener... listeners) {
        return composite(List.of(listeners));
    }

    /** {@code listener} with its exceptions logged at WARN instead of thrown. */
    static EmbeddingListener safe(EmbeddingListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener == NONE ? NONE : composite(List.of(listener));
    }
}
