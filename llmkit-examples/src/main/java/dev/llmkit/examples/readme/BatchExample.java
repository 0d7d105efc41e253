package dev.llmkit.examples.readme;

import dev.llmkit.api.ChatModel;
import dev.llmkit.batch.BatchRunner;
import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
import dev.llmkit.batch.RemoteBatch;
import dev.llmkit.rag.FolderLoader;
import dev.llmkit.rag.Ingestor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The throughput guide's example (docs/batch.md): one runner for the three kinds of job, local chat requests, a
 * provider's batch API and a folder to index, all in one durable job store.
 */
public final class BatchExample {
    private BatchExample() {}

    /**
     * A runner whose jobs live in {@code store}: local items go to {@code model} on 8 workers, remote jobs to
     * {@code batchApi} (polled every minute), and ingestion jobs index files with {@code ingestor}.
     */
    public static BatchRunner runner(JobStore store, ChatModel model, RemoteBatch batchApi, Ingestor ingestor) {
        BatchRunner runner = BatchRunner.builder(store, model).workers(8)
                .remote(batchApi, Duration.ofMinutes(1))                  // submitRemote(...) jobs
                .ingestion(ingestor, FolderLoader.create())               // submitIngestion(...) jobs
                .build();
        runner.resume();                                                  // what a stopped process left unfinished
        return runner;
    }

    /** Tonight's work: urgent tickets now, the eval set at half price, the handbook re-indexed; their ids. */
    public static List<String> submitTonight(BatchRunner runner, List<String> tickets, List<String> evalSet,
            Path handbook) {
        String urgent = runner.submit("tickets", tickets, 10, null);                    // priority 10 runs first
        String eval = runner.submitRemote("nightly-eval", evalSet, 0);                  // the provider's batch API
        String index = runner.submitIngestion("handbook-" + handbook.getFileName(), "handbook", handbook,
                "handbook", 0);                                                          // one item per file
        return List.of(urgent, eval, index);
    }

    /** Waits for a job and says how it went. */
    public static String report(BatchRunner runner, String job, Duration wait) throws InterruptedException {
        JobStatus s = runner.await(job, wait);
        return job + ": " + s.state() + ", " + s.done() + " done, " + s.failed() + " failed";
    }
}
