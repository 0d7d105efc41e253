package dev.llmkit.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.batch.BatchRequests;
import dev.llmkit.batch.BatchRunner;
import dev.llmkit.batch.JobStore;
import dev.llmkit.batch.RemoteBatch;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.InMemoryVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchExampleTest {
    @TempDir
    Path dir;

    /** A provider's batch API that answers every request at once. */
    private static final class InstantBatchApi implements RemoteBatch {
        private final Map<String, List<String>> batches = new ConcurrentHashMap<>();

        @Override
        public String submit(List<String> lines) {
            String id = "batch_" + batches.size();
            batches.put(id, List.copyOf(lines));
            return id;
        }

        @Override
        public Status status(String batchId) {
            int n = batches.get(batchId).size();
            return new Status(batchId, State.COMPLETED, n, n, 0, Optional.empty());
        }

        @Override
        public List<Result> results(String batchId) {
            List<Result> out = new ArrayList<>();
            List<String> lines = batches.get(batchId);
            for (int i = 0; i < lines.size(); i++) {
                String id = BatchRequests.customId(lines.get(i), i);
                out.add(new Result(id, BatchRequests.answer(id, ChatResponse.of("graded", "m")), false));
            }
            return out;
        }

        @Override
        public void cancel(String batchId) {}
    }

    private static List<String> requests(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"custom_id\": \"" + prefix + i + "\", \"prompt\": \"" + prefix + " " + i + "\"}");
        }
        return out;
    }

    @Test
    void theThreeKindsOfJobRunInOneStore() throws Exception {
        Path handbook = Files.createDirectories(dir.resolve("handbook"));
        Files.writeString(handbook.resolve("leave.md"), "# Leave\n\nRequest leave two weeks ahead.\n");
        Files.writeString(handbook.resolve("travel.md"), "# Travel\n\nBook trains, not planes, under 500 km.\n");
        InMemoryVectorStore index = new InMemoryVectorStore(32);
        try (JobStore store = JobStore.open(dir.resolve("jobs.db"));
                BatchRunner runner = BatchExample.runner(store, FakeChatModel.echo(), new InstantBatchApi(),
                        Ingestor.builder(index, new FakeEmbeddingModel(32)).build())) {
            List<String> jobs = BatchExample.submitTonight(runner, requests("ticket", 5), requests("eval", 3),
                    handbook);

            assertThat(BatchExample.report(runner, jobs.get(0), Duration.ofSeconds(30)))
                    .endsWith("FINISHED, 5 done, 0 failed");
            assertThat(BatchExample.report(runner, jobs.get(1), Duration.ofSeconds(120)))
                    .endsWith("FINISHED, 3 done, 0 failed");
            assertThat(BatchExample.report(runner, jobs.get(2), Duration.ofSeconds(30)))
                    .endsWith("FINISHED, 2 done, 0 failed");
            assertThat(index.documentHashes("handbook/")).containsOnlyKeys("handbook/leave.md", "handbook/travel.md");
        }
    }
}
