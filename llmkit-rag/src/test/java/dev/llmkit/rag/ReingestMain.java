package dev.llmkit.rag;

import dev.llmkit.api.rag.Document;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingests a folder and a list of documents with many metadata entries into an on-disk index, then prints what
 * happened; {@link ReingestAcrossJvmsTest} runs it in several fresh JVMs, whose immutable maps iterate differently.
 */
public final class ReingestMain {
    private ReingestMain() {}

    /** {@code ReingestMain <docs folder> <index folder>}. */
    public static void main(String[] args) {
        FakeEmbeddingModel embeddings = new FakeEmbeddingModel(16);
        try (LuceneIndex index = LuceneIndex.open(Path.of(args[1]), "fake", 16)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            IngestReport folder = ingestor.ingest(Path.of(args[0]));
            Map<String, String> meta = new LinkedHashMap<>();
            for (String k : List.of("title", "lang", "tenant", "author", "team", "year", "kind", "status")) {
                meta.put(k, k + "-value");
            }
            IngestReport list = ingestor.ingest(List.of(new Document("records/1", "First record text.", "records/1", meta),
                    new Document("records/2", "Second record text.", "records/2", meta)));
            System.out.println("indexed=" + (folder.documentsIndexed() + list.documentsIndexed())
                    + " unchanged=" + (folder.documentsUnchanged() + list.documentsUnchanged()));
        }
    }
}
