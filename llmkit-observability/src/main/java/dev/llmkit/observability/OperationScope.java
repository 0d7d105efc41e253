package dev.llmkit.observability;

/**
 * What an observer keeps for one {@link Operation} while it runs (a span, a timer sample). Made by
 * {@link CallObserver#onStart}; {@link #end} is called exactly once, when the operation ends, on whatever thread ends
 * it. Implementations must be thread-safe.
 */
public interface OperationScope {
    /** Keeps nothing. */
    OperationScope NONE = new OperationScope() {
        @Override
        public String toString() {
            return "OperationScope.NONE";
        }
    };

    /**
     * Makes the operation the current one on this thread (e.g. the parent of spans started inside it) until the
     * returned value is closed. Called on the thread that starts the operation, and closed on the same thread.
     */
    default Current makeCurrent() {
        return Current.NONE;
    }

    /** The operation ended: {@code outcome} says how and holds its record. */
    default void end(Outcome outcome) {
    }

    /** A scope made current; closing it restores what was current before. */
    interface Current extends AutoCloseable {
        /** Restores nothing. */
        Current NONE = () -> { };

        /** Restores what was current before; never throws. */
        @Override
        void close();
    }
}
