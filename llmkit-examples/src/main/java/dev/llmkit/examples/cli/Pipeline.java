package dev.llmkit.examples.cli;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.rag.Bm25Retriever;
import dev.llmkit.rag.DenseRetriever;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.HybridRetriever;
import dev.llmkit.rag.IngestProgress;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.rag.LuceneIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The on-disk pipeline the CLI runs: a Lucene index folder with its embedding cache beside it, the embedded
 * embedding model, and the default hybrid retriever.
 */
final class Pipeline implements AutoCloseable {
    final Path folder;
    final EmbeddingModel embeddings;
    final LuceneIndex index;
    final EmbeddingCache cache;
    final DenseRetriever dense;
    final Bm25Retriever bm25;
    final HybridRetriever hybrid;

    private Pipeline(Path folder, EmbeddingModel embeddings) {
        this.folder = folder;
        this.embeddings = embeddings;
        this.index = LuceneIndex.open(folder.resolve("lucene"), embeddings.info().model(), embeddings.dimension());
        this.cache = EmbeddingCache.open(folder.resolve("embeddings.bin"));
        this.dense = new DenseRetriever(index, embeddings);
        this.bm25 = new Bm25Retriever(index);
        this.hybrid = HybridRetriever.defaults(index, embeddings);
    }

    /** Opens (or creates) the index in {@code folder}. */
    static Pipeline open(Path folder, EmbeddingModel embeddings) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CliException(1, "Cannot create the index folder " + folder + ": " + e.getMessage());
        }
        return new Pipeline(folder, embeddings);
    }

    /** Whether {@code folder} holds an index. */
    static boolean exists(Path folder) {
        return Files.isDirectory(folder.resolve("lucene"));
    }

    IngestReport ingest(Path docs, Consumer<IngestProgress> progress) {
        return Ingestor.builder(index, embeddings).cache(cache).progress(progress).build().ingest(docs);
    }

    @Override
    public void close() {
        try {
            cache.close();
        } finally {
            index.close();
        }
    }

    static void deleteQuietly(Path p) {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
