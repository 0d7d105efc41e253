package dev.llmkit.api.event;

import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Observes retrieval: the BM25, dense and hybrid retrievers report each search to the listener they were built with,
 * once, with a {@link RetrievalEvent}. Called on the retrieving thread; must be fast and thread-safe. An exception
 * thrown by a listener is logged at WARN and never breaks the retrieval.
 *
 * <pre>{@code
 * Retriever bm25 = new Bm25Retriever(index).withListener(e -> log.debug("{} -> {}", e.query(), e.chunkIds()));
 * }</pre>
 */
@FunctionalInterface
public interface RetrievalListener {

    /** Ignores every event. */
    RetrievalListener NONE = new RetrievalListener() {
        @Override
        public void onRetrieval(RetrievalEvent event) {
        }

        @Override
        public String toString() {
            return "RetrievalListener.NONE";
        }
    };

    /** A retriever answered a query. */
    void onRetrieval(RetrievalEvent event);

    /**
     * One listener that forwards to each of {@code listeners} in order, logging at WARN and swallowing what each
     * throws, so one faulty listener neither breaks the retrieval nor starves the others.
     */
    static RetrievalListener composite(List<? extends RetrievalListener> listeners) {
        List<RetrievalListener> all = List.copyOf(listeners);
        return new RetrievalListener() {
            @Override
            public void onRetrieval(RetrievalEvent event) {
                for (RetrievalListener l : all) {
                    try {
                        l.onRetrieval(event);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(RetrievalListener.class)
                                .warn("Retrieval listener {} threw; the retrieval goes on", l, e);
                    }
                }
            }

            @Override
            public String toString() {
                return "RetrievalListener.composite" + all;
            }
        };
    }

    /** {@link #composite(List)} of the given listeners. */
    static RetrievalListener composite(RetrievalListener... listeners) {
        return composite(List.of(listeners));
    }

    /** {@code listener} with its exceptions logged at WARN instead of thrown. */
    static RetrievalListener safe(RetrievalListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener == NONE ? listener : composite(List.of(listener));
    }
}
