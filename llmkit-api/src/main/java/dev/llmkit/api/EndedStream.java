package dev.llmkit.api;

/** The handle {@link StreamHandle#ended()} returns. */
enum EndedStream implements StreamHandle {
    INSTANCE;

    @Override
    public void cancel() {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public String toString() {
        return "StreamHandle.ended()";
    }
}
