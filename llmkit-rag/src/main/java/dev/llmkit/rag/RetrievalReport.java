package dev.llmkit.rag;

import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.api.event.RetrievalListener;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Times one retrieval and reports it to a {@link RetrievalListener}, never letting the listener break it. */
final class RetrievalReport {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalReport.class);

    private RetrievalReport() {}

    /** Runs {@code search}, then reports its result (a failed search is not reported) and returns it. */
    static List<ScoredChunk> timed(RetrievalListener listener, Object retriever, Query query,
            Supplier<List<ScoredChunk>> search) {
        if (listener == RetrievalListener.NONE) {
            return search.get();
        }
        long start = System.nanoTime();
        List<ScoredChunk> hits = search.get();
        long nanos = Math.max(0, System.nanoTime() - start);
        try {
            RetrievalEvent.Builder b = RetrievalEvent.builder().retriever(retriever.toString()).query(query.text())
                    .results(hits).topK(query.topK()).latency(Duration.ofNanos(nanos));
            query.call().ifPresent(b::callId);
            listener.onRetrieval(b.build());
        } catch (RuntimeException e) {
            LOG.warn("Retrieval listener {} threw; the retrieval goes on", listener, e);
        }
        return hits;
    }
}
