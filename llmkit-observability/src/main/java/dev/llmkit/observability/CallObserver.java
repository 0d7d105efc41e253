package dev.llmkit.observability;

import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.EmbeddingListener;
import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.api.event.RetrievalListener;

/**
 * One signal that {@link Observability} feeds: tracing, metrics, a log, an audit log, a report, a monitor. It gets
 * every raw event of every layer (it is a {@link ChatModelListener}, {@link RetrievalListener} and
 * {@link EmbeddingListener}) and, for the operations {@link Observability} wraps, their start and one record at their
 * end. Every method has a no-op default.
 *
 * <p>Called on the calling, streaming or tool thread; must be fast and thread-safe. {@link Observability} logs and
 * swallows what an observer throws: an observer never breaks a call.
 */
public interface CallObserver extends ChatModelListener, RetrievalListener, EmbeddingListener {

    /**
     * An operation begins; the scope returned is made current while the caller's thread runs inside it and ended once
     * when it ends.
     */
    default OperationScope onStart(Operation operation) {
        return OperationScope.NONE;
    }

    /** A logical chat call ended; after its scope's {@link OperationScope#end}. */
    default void onCall(CallRecord call) {
    }

    /** A tool execution ended; after its scope's {@link OperationScope#end}. */
    default void onTool(ToolRecord tool) {
    }

    /** A user rated the answer of call {@code callId} ({@link Observability#feedback}). */
    default void onFeedback(String callId, boolean positive) {
    }

    @Override
    default void onRetrieval(RetrievalEvent event) {
    }

    @Override
    default void onEmbedding(EmbeddingEvent event) {
    }
}
