package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.rag.Document;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestBatchingTest {
    @TempDir
    Path tmp;

    /** Records every embedAll call's size, and can advance a fake clock by one second per call. */
    private static final class Recording implements EmbeddingModel {
        final FakeEmbeddingModel fake = new FakeEmbeddingModel(16);
        final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong clock = new AtomicLong();
        volatile String dieOn = "\u0000never";

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (texts.stream().anyMatch(t -> t.contains(dieOn))) {
                throw new IllegalStateException("simulated crash");
            }
            calls.add(texts.size());
            clock.addAndGet(1_000_000_000L);
            return fake.embedAll(texts);
        }

        @Override
        public int dimension() {
            return 16;
        }

        @Override
        public ModelInfo info() {
            return fake.info();
        }
    }

    private static List<Document> oneChunkDocuments(int n) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(Document.of("doc-" + i, "Short document number " + i + "."));
        }
        return docs;
    }

    @Test
    void chunksOfManyDocumentsShareEmbeddingBatches() {
        Recording model = new Recording();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 16)) {
            Ingestor.builder(index, model).batchSize(4).parallelism(1).build().ingest(oneChunkDocuments(10));
        }
        assertThat(model.calls).containsExactly(4, 4, 2);
    }

    @Test
    void anIngestWritesOneSegmentAndOneCommitNotOnePerDocument() throws IOException {
        Path dir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 16)) {
            Ingestor.builder(index, new Recording()).build().ingest(oneChunkDocuments(60));
        }
        try (FSDirectory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
            assertThat(r.numDocs()).isEqualTo(60);
            assertThat(r.leaves()).hasSize(1);
            assertThat(DirectoryReader.listCommits(d)).hasSize(1);
        }
    }

    @Test
    void progressMovesWithinALargeDocumentAndTheEtaComesFromChunks() {
        Recording model = new Recording();
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            big.append("Paragraph ").append(i).append(" of a large manual about retries and breakers.\n\n");
        }
        List<IngestProgress> seen = new ArrayList<>();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 16)) {
            Ingestor.builder(index, model).chunker(TokenWindowChunker.builder().windowTokens(8).overlapTokens(0).build()).batchSize(5).parallelism(1)
                    .nanoClock(model.clock::get).progress(seen::add).build()
                    .ingest(List.of(Document.of("manual.txt", big.toString())));
        }
        List<IngestProgress> within = seen.stream().filter(p -> p.documentsDone() == 0 && p.chunksEmbedded() > 0)
                .toList();
        long total = within.get(0).chunksTotal();
        assertThat(total).isGreaterThan(20);
        assertThat(within).hasSizeGreaterThan(3);
        assertThat(within).extracting(IngestProgress::chunksEmbedded).isSorted().doesNotHaveDuplicates();
        // each batch of 5 chunks takes 1 s on the fake clock (the embedding thread may run ahead of the reports), and
        // the ETA is the chunks left at the chunk rate so far, though not one file is done yet
        for (IngestProgress p : within) {
            double secs = p.elapsed().toSeconds();
            assertThat(secs).isGreaterThanOrEqualTo(Math.ceil(p.chunksEmbedded() / 5.0));
            assertThat(p.chunksPerSecond()).isEqualTo(p.chunksEmbedded() / secs);
            assertThat(p.eta()).contains(Duration.ofMillis(Math.round(1000.0 * (total - p.chunksEmbedded())
                    / p.chunksPerSecond())));
        }
        assertThat(seen.get(seen.size() - 1).chunksEmbedded()).isEqualTo(total);
    }

    @Test
    void anOnDiskIndexPersistsItsEmbeddingCacheByDefault() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        for (int i = 0; i < 6; i++) {
            Files.writeString(docs.resolve("doc" + i + ".md"), "# Doc " + i + "\n\nBody of document " + i + ".");
        }
        Files.writeString(docs.resolve("zz.md"), "# Last\n\nThe embedding model dies on this one.");
        Path dir = tmp.resolve("index");
        Recording dying = new Recording();
        dying.dieOn = "dies";
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 16)) {
            Ingestor ingestor = Ingestor.builder(index, dying).batchSize(2).parallelism(1).build();
            assertThatThrownBy(() -> ingestor.ingest(docs)).hasMessageContaining("simulated crash");
        }
        Recording fresh = new Recording();
        try (LuceneIndex index = LuceneIndex.open(dir, "fake", 16)) {
            IngestReport report = Ingestor.builder(index, fresh).batchSize(2).parallelism(1).build().ingest(docs);

            assertThat(report.documentsIndexed()).isEqualTo(7);
            assertThat(report.chunksFromCache()).isEqualTo(6);
        }
        assertThat(fresh.calls).containsExactly(1);
        assertThat(dir.resolve(Ingestor.DEFAULT_CACHE_FILE)).exists();
    }
}
