package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(64);

    @TempDir
    Path tmp;

    private Path folder() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("retry.md"), "# Retry\n\nRetry with exponential backoff and full jitter.\n\n"
                + "## Rate limits\n\nHonour the Retry-After header of a 429 answer.\n");
        Files.createDirectories(docs.resolve("sub"));
        Files.writeString(docs.resolve("sub/breaker.txt"), "A circuit breaker opens after repeated failures.");
        Files.writeString(docs.resolve("page.html"), "<html><head><title>Bulkheads</title><style>x{}</style></head>"
                + "<body><h1>Bulkhead</h1><p>Limit concurrent calls &amp; queue the rest.</p></body></html>");
        Files.write(docs.resolve("logo.md"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        Files.write(docs.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        return docs;
    }

    @Test
    void ingestsAFolderAndReportsBadFilesWithoutFailing() throws IOException {
        Path docs = folder();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            IngestReport report = Ingestor.builder(index, embeddings).build().ingest(docs);

            assertThat(report.documentsIndexed()).isEqualTo(3);
            assertThat(report.skipped()).extracting(s -> s.path().getFileName().toString())
                    .containsExactlyInAnyOrder("logo.md", "latin1.txt");
            assertThat(report.skipped()).extracting(SkippedFile::reason)
                    .containsExactlyInAnyOrder("binary content", "not valid UTF-8 text");
            String root = FolderLoader.rootOf(docs);
            assertThat(index.documentIds()).containsExactly(root + "/page.html", root + "/retry.md",
                    root + "/sub/breaker.txt");
            List<ScoredChunk> hits = new Bm25Retriever(index).retrieve(Query.of("Retry-After 429"));
            assertThat(hits.get(0).chunk().metadata()).containsEntry("heading", "Retry > Rate limits")
                    .containsEntry("title", "Retry");
            assertThat(new Bm25Retriever(index).retrieve(Query.of("concurrent calls")).get(0).chunk().metadata())
                    .containsEntry("title", "Bulkheads");
        }
    }

    @Test
    void reIngestingUnchangedFilesChangesNothingAndEmbedsNothing() throws IOException {
        Path docs = folder();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            IngestReport first = ingestor.ingest(docs);
            int size = index.size();
            long embedded = embeddings.textsEmbedded();

            IngestReport second = ingestor.ingest(docs);

            assertThat(first.chunksIndexed()).isPositive();
            assertThat(second.documentsIndexed()).isZero();
            assertThat(second.documentsUnchanged()).isEqualTo(3);
            assertThat(index.size()).isEqualTo(size);
            assertThat(embeddings.textsEmbedded()).isEqualTo(embedded);
        }
    }

    @Test
    void changedFilesReplaceTheirChunksAndRemovedFilesAreDeleted() throws IOException {
        Path docs = folder();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(docs);
            Files.writeString(docs.resolve("sub/breaker.txt"), "Half-open probes decide whether the breaker closes.");
            Files.delete(docs.resolve("page.html"));

            IngestReport report = ingestor.ingest(docs);

            assertThat(report.documentsIndexed()).isEqualTo(1);
            assertThat(report.documentsDeleted()).isEqualTo(1);
            String root = FolderLoader.rootOf(docs);
            assertThat(index.documentIds()).containsExactly(root + "/retry.md", root + "/sub/breaker.txt");
            assertThat(new Bm25Retriever(index).retrieve(Query.of("repeated failures"))).isEmpty();
            assertThat(new Bm25Retriever(index).retrieve(Query.of("half-open probes"))).hasSize(1);
        }
    }

    @Test
    void deletingADocumentRemovesAllItsChunks() throws IOException {
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            Path docs = folder();
            Ingestor.builder(index, embeddings).chunker(MarkdownChunker.builder().maxTokens(16).build()).build()
                    .ingest(docs);
            long before = index.size();
            String retry = FolderLoader.rootOf(docs) + "/retry.md";

            long removed = index.deleteDocument(retry);

            assertThat(removed).isGreaterThan(1);
            assertThat(index.size()).isEqualTo(before - removed);
            assertThat(index.documentIds()).doesNotContain(retry).hasSize(2);
        }
    }

    @Test
    void metadataFiltersApplyToBm25AndDenseAlike() throws IOException {
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            Ingestor.builder(index, embeddings).build().ingest(folder());
            MetadataFilter onlyText = MetadataFilter.eq("format", "text");
            Query q = Query.of("retry backoff breaker failures", 10).withFilter(onlyText);

            List<ScoredChunk> bm25 = new Bm25Retriever(index).retrieve(q);
            List<ScoredChunk> dense = new DenseRetriever(index, embeddings).retrieve(q);

            assertThat(bm25).isNotEmpty().allSatisfy(h -> assertThat(h.chunk().source()).isEqualTo("sub/breaker.txt"));
            assertThat(dense).isNotEmpty().allSatisfy(h -> assertThat(h.chunk().source()).isEqualTo("sub/breaker.txt"));
            assertThat(new Bm25Retriever(index).retrieve(q.withFilter(onlyText.negate()))).isNotEmpty()
                    .noneSatisfy(h -> assertThat(h.chunk().source()).isEqualTo("sub/breaker.txt"));
        }
    }

    @Test
    void anInterruptedIngestLeavesThePreviousCommitReadable() throws IOException {
        Path docs = folder();
        Path indexDir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(indexDir, "fake", 64)) {
            Ingestor.builder(index, embeddings).build().ingest(docs);
        }
        Files.writeString(docs.resolve("new.md"), "# New\n\nA brand new document about hedging.");
        for (int i = 0; i < 6; i++) { // enough chunks that some windows are written to the writer before the failure
            Files.writeString(docs.resolve("new" + i + ".md"), "# New " + i + "\n\nMore about hedging, part " + i + ".");
        }
        Files.writeString(docs.resolve("zz-last.md"), "# Last\n\nThe embedding model dies on this one.");
        EmbeddingModel dying = new EmbeddingModel() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                if (texts.stream().anyMatch(t -> t.contains("dies"))) {
                    throw new IllegalStateException("simulated crash: process killed while embedding");
                }
                return embeddings.embedAll(texts);
            }

            @Override
            public int dimension() {
                return 64;
            }

            @Override
            public dev.llmkit.api.ModelInfo info() {
                return embeddings.info();
            }
        };
        try (LuceneIndex index = LuceneIndex.open(indexDir, "fake", 64)) {
            Ingestor ingestor = Ingestor.builder(index, dying).batchSize(1).parallelism(1).build();
            assertThatThrownBy(() -> ingestor.ingest(docs)).hasMessageContaining("simulated crash");
            // the new document was written to the writer, but never committed
        }
        try (LuceneIndex reopened = LuceneIndex.open(indexDir, "fake", 64)) {
            String root = FolderLoader.rootOf(docs);
            assertThat(reopened.documentIds()).containsExactly(root + "/page.html", root + "/retry.md",
                    root + "/sub/breaker.txt");
            assertThat(new Bm25Retriever(reopened).retrieve(Query.of("hedging"))).isEmpty();
        }
    }

    @Test
    void anIndexRefusesToOpenWithAnotherEmbeddingModel() throws IOException {
        Path indexDir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(indexDir, "fake", 64)) {
            Ingestor.builder(index, embeddings).build().ingest(folder());
        }
        assertThatThrownBy(() -> LuceneIndex.open(indexDir, "bge-small-en-v1.5-q", 384))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("built with embedding model fake");
    }

    @Test
    void aPersistedEmbeddingCacheResumesWithoutReEmbeddingAndSurvivesATornRecord() throws IOException {
        Path cacheFile = tmp.resolve("cache/embeddings.bin");
        Path docs = folder();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64); EmbeddingCache cache = EmbeddingCache.open(cacheFile)) {
            Ingestor.builder(index, embeddings).cache(cache).build().ingest(docs);
        }
        long embedded = embeddings.textsEmbedded();
        byte[] bytes = Files.readAllBytes(cacheFile);
        Files.write(cacheFile, java.util.Arrays.copyOf(bytes, bytes.length + 7)); // torn trailing record
        List<Long> fromCache = new ArrayList<>();
        try (LuceneIndex fresh = LuceneIndex.inMemory("fake", 64); EmbeddingCache cache = EmbeddingCache.open(cacheFile)) {
            fromCache.add(Ingestor.builder(fresh, embeddings).cache(cache).build().ingest(docs).chunksFromCache());
        }
        assertThat(embeddings.textsEmbedded()).isEqualTo(embedded);
        assertThat(fromCache.get(0)).isPositive();
    }

    @Test
    void reportsProgressUntilEveryDocumentIsDone() throws IOException {
        List<IngestProgress> seen = new ArrayList<>();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 64)) {
            Ingestor.builder(index, embeddings).progress(seen::add).build().ingest(folder());
        }
        IngestProgress last = seen.get(seen.size() - 1);
        assertThat(last.documentsDone()).isEqualTo(3);
        assertThat(last.documentsTotal()).isEqualTo(3);
        assertThat(last.chunksEmbedded()).isEqualTo(last.chunksTotal()).isPositive();
        assertThat(last.eta()).contains(java.time.Duration.ZERO);
        assertThat(last.finished()).isTrue();
    }
}
