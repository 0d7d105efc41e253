package dev.llmkit.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.rag.FolderLoader;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.Ingestor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the items of ingestion jobs: each loads one file and indexes its documents with an {@link Ingestor}, which
 * replaces a document's chunks by its id, so an item run again after a crash leaves one copy. Items run one at a
 * time: an ingest that fails rolls its store back, which must not discard another item's writes. Needs
 * {@code llmkit-rag}; only this class refers to it.
 */
final class IngestItems {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Ingestor ingestor;
    private final FolderLoader loader;

    IngestItems(Ingestor ingestor, FolderLoader loader) {
        this.ingestor = ingestor;
        this.loader = loader;
    }

    /** One line per file the loader selects under {@code folder}; the custom id is the file's document id. */
    static List<String> lines(FolderLoader loader, Path folder, String root) {
        Path base = folder.toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>();
        for (Path file : loader.files(base)) {
            lines.add(BatchRequests.ingestion(FolderLoader.documentId(root, base, file),
                    new BatchRequests.Ingestion(base, root, file)));
        }
        return lines;
    }

    /** Indexes the item's file; returns the answer line. Throws when the file cannot be used, saying why. */
    synchronized String run(String customId, BatchRequests.Ingestion item) {
        FolderLoader.Result loaded = loader.loadFile(item.folder(), item.root(), item.file());
        if (loaded.documents().isEmpty() && !loaded.skipped().isEmpty()) {
            throw new IllegalArgumentException("skipped " + item.file() + ": " + loaded.skipped().get(0).reason());
        }
        IngestReport report = loaded.documents().isEmpty() ? null : ingestor.ingest(loaded.documents());
        return JSON.createObjectNode().put("custom_id", customId).put("documents", loaded.documents().size())
                .put("chunks", report == null ? 0 : report.chunksIndexed())
                .put("chunks_from_cache", report == null ? 0 : report.chunksFromCache())
                .put("unchanged", report == null ? 0 : report.documentsUnchanged()).toString();
    }
}
