package dev.llmkit.benchmarks.batch;

import com.sun.net.httpserver.HttpServer;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.batch.MicroBatchingEmbeddings;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.providers.openai.OpenAiCompatibleEmbeddingModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Embedding throughput of 64 concurrent callers that each embed one text at a time, with and without
 * {@link MicroBatchingEmbeddings}, in one JVM: against an OpenAI-compatible embedding server on loopback (20 ms per
 * request, at most 4 requests at once, as a GPU server with a small batch queue) and against the in-process
 * bge-small model. Each configuration runs 3 rounds after a warm-up round.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.llmkit.benchmarks.batch.MicroBatchBench [texts-per-caller=20]}
 */
public final class MicroBatchBench {
    private static final int CALLERS = 64;
    private static final Pattern INPUT = Pattern.compile("\"input\"\\s*:\\s*\\[(.*?)]", Pattern.DOTALL);

    private MicroBatchBench() {}

    public static void main(String[] args) throws Exception {
        int perCaller = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        HttpServer server = embeddingServer();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            EmbeddingModel remote = OpenAiCompatibleEmbeddingModel.builder().baseUrl(url).model("e").dimension(8)
                    .timeout(Duration.ofSeconds(60)).build();
            System.out.println("| model | calls | plain texts/s | micro-batched texts/s | ratio | model calls batched |");
            System.out.println("|---|---|---|---|---|---|");
            compare("OpenAI-compatible server (20 ms, 4 at once)", remote, perCaller);
            compare("in-process bge-small-en-v1.5-q", LocalEmbeddings.bgeSmallEnV15(), perCaller);
        } finally {
            server.stop(0);
        }
        System.exit(0);
    }

    private static void compare(String name, EmbeddingModel model, int perCaller) throws Exception {
        AtomicInteger modelCalls = new AtomicInteger();
        EmbeddingModel batched = MicroBatchingEmbeddings.builder(model).maxBatchSize(32).maxWait(Duration.ofMillis(2))
                .batchSizes(n -> modelCalls.incrementAndGet()).build();
        run(model, 4);
        run(batched, 4);
        for (int round = 0; round < 3; round++) {
            double plain = run(model, perCaller);
            modelCalls.set(0);
            double micro = run(batched, perCaller);
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %d |%n", name, CALLERS * perCaller, plain,
                    micro, micro / plain, modelCalls.get());
        }
    }

    /** Texts per second for {@link #CALLERS} threads embedding {@code perCaller} single texts each. */
    private static double run(EmbeddingModel model, int perCaller) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perCaller; i++) {
                    model.embed("caller " + caller + " asks about retries, budgets and fallbacks, number " + i);
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return CALLERS * perCaller / seconds;
    }

    /** An OpenAI-compatible /v1/embeddings answering after 20 ms, 4 requests at a time. */
    private static HttpServer embeddingServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/embeddings", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = INPUT.matcher(body);
            int n = 1;
            if (m.find()) {
                n = m.group(1).split("\",\\s*\"").length;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StringBuilder out = new StringBuilder("{\"object\":\"list\",\"model\":\"e\",\"data\":[");
            for (int i = 0; i < n; i++) {
                out.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                        .append(",\"embedding\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,").append(0.1 * (i % 7)).append("]}");
            }
            out.append("],\"usage\":{\"prompt_tokens\":").append(n * 10).append(",\"total_tokens\":").append(n * 10)
                    .append("}}");
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
        return server;
    }
}
