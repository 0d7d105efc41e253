package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.rag.FolderLoader;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion jobs: one item per file, indexed by an Ingestor, durable and resumable like any job. */
class IngestionJobTest {
    @TempDir
    Path dir;
    private Path docs;
    private final InMemoryVectorStore index = new InMemoryVectorStore(32);
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(32);

    @BeforeEach
    void folder() throws Exception {
        docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("retries.md"), "# Retries\n\nRetry a rate limit after the Retry-After header.\n\n"
                + "Back off exponentially with jitter between attempts.\n");
        Files.createDirectories(docs.resolve("guide"));
        Files.writeString(docs.resolve("guide/cache.md"), "# Cache\n\nThe semantic cache answers near-duplicate "
                + "questions from earlier answers.\n");
        Files.writeString(docs.resolve("notes.txt"), "Budgets stop a tenant that spends too much.\n");
        Files.write(docs.resolve("broken.md"), "# Broken\n\0\0\0 binary".getBytes(StandardCharsets.UTF_8));
    }

    private BatchRunner runner(JobStore store) {
        return BatchRunner.builder(store, FakeChatModel.echo()).workers(3)
                .ingestion(Ingestor.builder(index, embeddings).build(), FolderLoader.create()).build();
    }

    @Test
    void everyFileBecomesAnItemAndItsDocumentsAreIndexedOnce() throws Exception {
        try (JobStore store = JobStore.open(dir.resolve("jobs.db")); BatchRunner runner = runner(store)) {
            String job = runner.submitIngestion("ingest-1", "handbook", docs, "handbook", 0);

            JobStatus s = runner.await(job, Duration.ofSeconds(30));

            assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
            assertThat(s.total()).isEqualTo(4);
            assertThat(s.done()).isEqualTo(3);
            assertThat(s.failed()).isEqualTo(1);
            List<JobStore.Result> results = runner.results(job);
            assertThat(results).extracting(r -> r.output().or(r::error).orElseThrow()).satisfiesExactly(
                    broken -> assertThat(broken).contains("\"custom_id\":\"handbook/broken.md\"")
                            .contains("binary content"),
                    cache -> assertThat(cache).contains("\"custom_id\":\"handbook/guide/cache.md\"")
                            .contains("\"documents\":1"),
                    notes -> assertThat(notes).contains("handbook/notes.txt"),
                    retries -> assertThat(retries).contains("handbook/retries.md").contains("\"chunks\":"));
            assertThat(index.documentHashes("handbook/").keySet()).containsExactlyInAnyOrder(
                    "handbook/guide/cache.md", "handbook/notes.txt", "handbook/retries.md");
        }
    }

    @Test
    void aFileRunAgainAfterACrashLeavesOneCopyOfItsChunks() throws Exception {
        Ingestor ingestor = Ingestor.builder(index, embeddings).build();
        // the killed process had indexed retries.md but died before recording the item as done
        ingestor.ingest(FolderLoader.create().loadFile(docs, "handbook", docs.resolve("retries.md")).documents());
        int once = index.size();
        Files.delete(docs.resolve("broken.md"));
        Files.delete(docs.resolve("notes.txt"));
        Files.delete(docs.resolve("guide/cache.md"));

        try (JobStore store = JobStore.open(dir.resolve("jobs.db")); BatchRunner runner = runner(store)) {
            String job = runner.submitIngestion("ingest-2", "handbook", docs, "handbook", 0);
            assertThat(runner.await(job, Duration.ofSeconds(30)).done()).isEqualTo(1);
        }

        assertThat(index.size()).isEqualTo(once);
    }

    @Test
    void aResumedIngestionJobIndexesOnlyWhatWasLeft() throws Exception {
        Path db = dir.resolve("jobs.db");
        try (JobStore store = JobStore.open(db)) {
            List<String> lines = IngestItems.lines(FolderLoader.create(), docs, "handbook");
            store.create(new JobStore.NewJob("ingest-3", "handbook", 0, null, false, lines));
            store.complete("ingest-3", 0, "{\"custom_id\":\"handbook/broken.md\",\"skipped\":true}", 0, 0, 0);
        }

        try (JobStore store = JobStore.open(db); BatchRunner runner = runner(store)) {
            assertThat(runner.resume()).isEqualTo(3);
            JobStatus s = runner.await("ingest-3", Duration.ofSeconds(30));

            assertThat(s.done()).isEqualTo(4);
            assertThat(index.documentHashes("handbook/")).hasSize(3);
        }
    }

    @Test
    void aRunnerWithoutIngestionOrAFolderWithNothingSayWhatIsWrong() throws Exception {
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner plain = BatchRunner.builder(store, FakeChatModel.echo()).build();
                BatchRunner runner = runner(store)) {
            assertThatThrownBy(() -> plain.submitIngestion("i", "x", docs, "x", 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Builder.ingestion");
            List<String> lines = IngestItems.lines(FolderLoader.create(), docs, "x");
            assertThatThrownBy(() -> plain.submit("x", lines, 0, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request line 1")
                    .hasMessageContaining("needs a runner with an ingestor");
            Path empty = Files.createDirectories(dir.resolve("empty"));
            assertThatThrownBy(() -> runner.submitIngestion("e", "x", empty, "x", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no file");
            assertThatThrownBy(() -> runner.submitIngestion("m", "x", dir.resolve("missing"), "x", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a folder");
        }
    }
}
