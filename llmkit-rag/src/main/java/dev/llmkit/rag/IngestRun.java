package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** One {@link Ingestor} run's state: plans it, chunks the changed documents, fills their vectors in windows, writes them. */
final class IngestRun implements EmbeddingBatches.Listener {
    private final VectorStore store;
    private final DocumentCatalog catalog;
    private final Chunker chunker;
    private final EmbeddingCache cache;
    private final EmbeddingBatches batches;
    private final IngestMeter meter;
    private final int window;
    private final List<EmbeddingBatches.Pending> pending = new ArrayList<>();
    private int pendingChunks;
    private int indexed;
    private long chunksIndexed;
    private long chunksFromCache;

    IngestRun(VectorStore store, DocumentCatalog catalog, EmbeddingModel embeddings, Chunker chunker,
            String modelIdentity, int batchSize, int parallelism, Consumer<IngestProgress> progress,
            LongSupplier nanoClock, EmbeddingCache cache, ExecutorService pool, int documentsTotal) {
        this.store = store;
        this.catalog = catalog;
        this.chunker = chunker;
        this.window = batchSize * parallelism * 4;
        this.cache = cache;
        this.meter = new IngestMeter(progress, nanoClock, documentsTotal);
        this.batches = new EmbeddingBatches(embeddings, cache, modelIdentity, batchSize, embeddings.dimension(),
                pool);
    }

    IngestReport ingest(List<Document> documents, List<SkippedFile> skipped, String hashPrefix,
            @Nullable String deleteScope, @Nullable String deleteRoot, Set<String> keep) {
        if (store instanceof LuceneIndex lucene) {
            lucene.refresh(); // the catalog reads as of the last refresh: see writes buffered before this ingest
        }
        IngestPlan plan = IngestPlan.of(catalog, documents, hashPrefix);
        meter.planned(plan.unchanged(), plan.changedChars());
        meter.report();
        List<Document> todo = plan.changed();
        for (int d = 0; d < todo.size(); d++) {
            Document doc = todo.get(d);
            List<Chunk> chunks = chunker.chunk(doc);
            meter.chunked(doc.text().length(), chunks.size());
            pending.add(new EmbeddingBatches.Pending(doc, plan.hashOfChanged(d), chunks));
            pendingChunks += chunks.size();
            if (pendingChunks >= window) {
                flush();
            }
        }
        flush();
        int deleted = 0;
        if (deleteScope != null) {
            Set<String> gone = plan.gone(deleteScope, deleteRoot, keep);
            catalog.deleteDocuments(gone);
            deleted = gone.size();
        }
        cache.flush();
        store.flush();
        return new IngestReport(indexed, plan.unchanged(), deleted, chunksIndexed, chunksFromCache, skipped,
                meter.elapsed());
    }

    /** Embeds what the pending documents miss, in parallel batches, then writes them. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        batches.fill(pending, this);
        for (EmbeddingBatches.Pending p : pending) {
            List<EmbeddedChunk> out = new ArrayList<>(p.chunks.size());
            for (int i = 0; i < p.chunks.size(); i++) {
                out.add(new EmbeddedChunk(p.chunks.get(i), p.vectors[i]));
            }
            catalog.replaceDocument(p.doc.id(), p.hash, out);
            indexed++;
            chunksIndexed += out.size();
            meter.documentDone();
        }
        pending.clear();
        pendingChunks = 0;
        meter.report();
    }

    @Override
    public void fromCache(int chunks) {
        chunksFromCache += chunks;
        meter.embedded(chunks);
    }

    @Override
    public void embedded(int chunks) {
        meter.embedded(chunks);
        meter.report();
    }
}
