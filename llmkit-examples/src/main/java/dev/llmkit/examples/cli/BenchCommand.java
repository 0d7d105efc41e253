package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.resilience.Resilient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmkit bench}: quick in-process measurements (not JMH; see docs/benchmarks.md for those). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the resilience stack's overhead on a zero-latency fake model and retrieval latency"
                + " over the bundled docs; prints a table, or JSON with --json.")
final class BenchCommand extends BaseCommand {
    private static final List<String> QUESTIONS = List.of("How do I retry on rate limits?",
            "What does the circuit breaker do?", "How do I configure Ollama?", "How is hybrid retrieval fused?",
            "Which timeouts exist?", "How do I evaluate retrieval quality?");

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Option(names = "--iterations", defaultValue = "20000", description = "Calls per decorator measurement")
    int iterations;

    @Override
    public Integer call() throws Exception {
        Map<String, double[]> rows = new LinkedHashMap<>();
        ChatModel direct = new ConstantModel();
        ChatModel stacked = Resilient.wrap(new ConstantModel());
        ChatRequest request = ChatRequest.of("hi");
        rows.put("chat: direct constant model", latency(() -> direct.chat(request), iterations));
        rows.put("chat: Resilient.wrap(model)", latency(() -> stacked.chat(request), iterations));
        Path tmp = Files.createTempDirectory("llmkit-bench");
        try (Pipeline p = Pipeline.open(tmp, ctx.embeddings())) {
            p.ingest(BundledDocs.extractTo(tmp.resolve("docs")), x -> { });
            Map<String, Retriever> retrievers = Map.of("retrieve: bm25", p.bm25, "retrieve: dense", p.dense,
                    "retrieve: hybrid", p.hybrid);
            for (String name : List.of("retrieve: bm25", "retrieve: dense", "retrieve: hybrid")) {
                Retriever r = retrievers.get(name);
                int[] i = {0};
                rows.put(name, latency(() -> r.retrieve(Query.of(QUESTIONS.get(i[0]++ % QUESTIONS.size()), 10)), 200));
            }
        } finally {
            Pipeline.deleteQuietly(tmp);
        }
        if (json) {
            StringBuilder sb = new StringBuilder("{\"results\":[");
            int n = 0;
            for (var e : rows.entrySet()) {
                sb.append(n++ == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"name\":\"%s\",\"p50_us\":%.2f,\"p99_us\":%.2f,\"mean_us\":%.2f}", e.getKey(), e.getValue()[0],
                        e.getValue()[1], e.getValue()[2]));
            }
            ctx.out().println(sb.append("]}"));
        } else {
            ctx.out().printf("%-30s %12s %12s %12s%n", "measurement", "p50 (us)", "p99 (us)", "mean (us)");
            for (var e : rows.entrySet()) {
                ctx.out().printf(Locale.ROOT, "%-30s %12.2f %12.2f %12.2f%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[2]);
            }
        }
        return 0;
    }

    /** A zero-latency model with one prebuilt answer, so only the decorators are measured. */
    private static final class ConstantModel implements ChatModel {
        private final ChatResponse response = ChatResponse.of("ok", "constant");

        @Override
        public ChatResponse chat(ChatRequest request) {
            return response;
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            handler.onToken("ok");
            handler.onComplete(response);
            return new StreamHandle() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
        }
    }

    /** p50, p99 and mean in microseconds after a warm-up of a tenth of the runs. */
    private static double[] latency(Runnable r, int n) {
        for (int i = 0; i < Math.max(1, n / 10); i++) {
            r.run();
        }
        List<Long> ns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            r.run();
            ns.add(System.nanoTime() - t);
        }
        ns.sort(null);
        double mean = ns.stream().mapToLong(Long::longValue).average().orElse(0);
        return new double[] {ns.get(n / 2) / 1e3, ns.get(Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)) / 1e3, mean / 1e3};
    }
}
