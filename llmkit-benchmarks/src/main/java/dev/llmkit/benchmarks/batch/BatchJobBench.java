package dev.llmkit.benchmarks.batch;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.batch.BatchRunner;
import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
import dev.llmkit.redis.RedisJobStore;
import dev.llmkit.redis.RedisStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A 10,000-request batch job against a fake model that takes 20 ms per call: the durable {@link BatchRunner} (each
 * item claimed, then answered, in the job store) on SQLite and, given a Redis URI, on Redis, next to a plain thread
 * pool with the same number of workers and no durability, in one JVM, 3 rounds each.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.llmkit.benchmarks.batch.BatchJobBench [requests=10000] [workers=32]
 * [redis://host:port]}
 */
public final class BatchJobBench {
    private BatchJobBench() {}

    /** A model that answers after 20 ms. */
    private static final class Slow implements ChatModel {
        @Override
        public ChatResponse chat(ChatRequest request) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ChatResponse.of("answer", "fake");
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            throw new UnsupportedOperationException();
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add("{\"custom_id\": \"r" + i + "\", \"prompt\": \"request " + i + "\"}");
        }
        ChatModel model = new Slow();
        System.out.printf(Locale.ROOT, "%,d requests, %d workers, 20 ms per call (ideal %.1f s)%n", n, workers,
                n * 0.020 / workers);
        String redisUri = args.length > 2 ? args[2] : null;
        System.out.println("| run | BatchRunner on SQLite s | BatchRunner on Redis s | plain thread pool s | SQLite / plain "
                + "| Redis / plain |");
        System.out.println("|---|---|---|---|---|---|");
        for (int round = 1; round <= 3; round++) {
            Path dir = Files.createTempDirectory("llmkit-batchbench");
            double durable;
            try (JobStore store = JobStore.open(dir.resolve("jobs.db"))) {
                durable = run(store, model, workers, lines);
            }
            double onRedis = Double.NaN;
            if (redisUri != null) {
                try (RedisStores redis = RedisStores.builder(redisUri).prefix("bench-" + round + "-"
                        + System.nanoTime() + ":").timeout(Duration.ofSeconds(5)).build()) {
                    onRedis = run(RedisJobStore.on(redis), model, workers, lines);
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            long t1 = System.nanoTime();
            List<Future<ChatResponse>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> model.chat(ChatRequest.of("request " + k))));
            }
            for (Future<ChatResponse> f : fs) {
                f.get();
            }
            double plain = (System.nanoTime() - t1) / 1e9;
            pool.shutdown();
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", round, durable, onRedis, plain,
                    durable / plain, onRedis / plain);
        }
        System.exit(0);
    }

    /** Runs the job on {@code store}; returns the seconds it took. */
    private static double run(JobStore store, ChatModel model, int workers, List<String> lines) throws Exception {
        long t0 = System.nanoTime();
        try (BatchRunner runner = BatchRunner.builder(store, model).workers(workers)
                .maxQueuedItems(Math.max(100_000, lines.size())).build()) {
            String job = runner.submit("bench", lines, 0, null);
            JobStatus s = runner.await(job, Duration.ofMinutes(10));
            if (s.done() != lines.size()) {
                throw new IllegalStateException("only " + s.done() + " done");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
