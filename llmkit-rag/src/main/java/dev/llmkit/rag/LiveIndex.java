package dev.llmkit.rag;

import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A read-only index that follows {@link IndexGenerations} in a long-lived process: searches run on the current
 * generation, and {@link #refresh()} moves to a newer one when a rebuild switched it, without a failed or mixed
 * search. A search that started on the old generation finishes on it; the old generation is closed when its last
 * search ends. Writes throw {@link IllegalStateException}: build a generation with {@link IndexGenerations#rebuild}.
 *
 * <pre>{@code
 * LiveIndex live = LiveIndex.open(IndexGenerations.at(Path.of("index")), "bge-small-en-v1.5-q", 384);
 * Retriever retriever = HybridRetriever.defaults(live, embeddings);
 * scheduler.scheduleWithFixedDelay(live::refresh, 10, 10, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LiveIndex implements VectorStore, KeywordIndex {
    private final IndexGenerations generations;
    private final String embeddingModel;
    private final int dimension;
    private final AtomicReference<Held> current;
    private volatile boolean closed;

    private LiveIndex(IndexGenerations generations, String embeddingModel, int dimension) {
        this.generations = Objects.requireNonNull(generations, "generations");
        this.embeddingModel = embeddingModel;
        this.dimension = dimension;
        Path folder = generations.current();
        this.current = new AtomicReference<>(new Held(folder, LuceneIndex.openReadOnly(folder, embeddingModel,
                dimension)));
    }

    /** Opens the current generation of {@code generations} for queries. */
    public static LiveIndex open(IndexGenerations generations, String embeddingModel, int dimension) {
        return new LiveIndex(generations, embeddingModel, dimension);
    }

    /** The folder of the generation searches run on now. */
    public Path folder() {
        return current.get().folder;
    }

    /**
     * Moves to the current generation when a rebuild switched it (opening the new one before any search uses it),
     * else refreshes the open one to its latest commit.
     */
    public synchronized void refresh() {
        if (closed) {
            throw new IllegalStateException("the live index is closed");
        }
        Held held = current.get();
        Path latest = generations.current();
        if (latest.equals(held.folder)) {
            held.index.refresh();
            return;
        }
        Held next = new Held(latest, LuceneIndex.openReadOnly(latest, embeddingModel, dimension));
        current.set(next);
        held.release();
    }

    private <T> T withIndex(Function<LuceneIndex, T> call) {
        while (true) {
            Held held = current.get();
            if (held.acquire()) {
                try {
                    return call.apply(held.index);
                } finally {
                    held.release();
                }
            }
            if (closed) {
                throw new IllegalStateException("the live index is closed");
            }
            // a refresh retired this generation between get() and acquire(): take the new one
        }
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
        return withIndex(i -> i.search(vector, topK, filter));
    }

    @Override
    public List<ScoredChunk> searchText(String text, int topK, MetadataFilter filter) {
        return withIndex(i -> i.searchText(text, topK, filter));
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        return withIndex(i -> i.vectors(chunkIds));
    }

    /** The chunks of the generation searches run on now. */
    public int size() {
        return withIndex(LuceneIndex::size);
    }

    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        throw readOnly();
    }

    @Override
    public long deleteDocument(String documentId) {
        throw readOnly();
    }

    @Override
    public long deleteWhere(MetadataFilter filter) {
        throw readOnly();
    }

    @Override
    public void flush() {
        throw readOnly();
    }

    private static IllegalStateException readOnly() {
        return new IllegalStateException("a LiveIndex only reads; write a new generation with "
                + "IndexGenerations.rebuild, or ingest into the current one with LuceneIndex.open");
    }

    /** Closes the open generation once its running searches end. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.get().release();
        }
    }

    @Override
    public String toString() {
        return "LiveIndex[" + folder() + "]";
    }

    /** An open generation and how many holders it has: the live index itself plus each running search. */
    private static final class Held {
        final Path folder;
        final LuceneIndex index;
        final AtomicInteger holders = new AtomicInteger(1);

        Held(Path folder, LuceneIndex index) {
            this.folder = folder;
            this.index = index;
        }

        boolean acquire() {
            while (true) {
                int n = holders.get();
                if (n == 0) {
                    return false;
                }
                if (holders.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                index.close();
            }
        }
    }
}
