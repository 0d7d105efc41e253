package dev.llmkit.benchmarks.cache;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.benchmarks.ConstantModel;
import dev.llmkit.cache.ResponseCache;
import java.util.Locale;

/**
 * Bytes of heap per cached answer: the heap in use (after collections) before and after filling an exact cache and a
 * semantic cache (384-dimension vectors) with {@code N} answers of about 100 characters to questions of about 70.
 *
 * <pre>
 * java -Xmx2g -cp llmkit-benchmarks/target/benchmarks.jar dev.llmkit.benchmarks.cache.CacheFootprint [N]
 * </pre>
 */
public final class CacheFootprint {
    private CacheFootprint() {}

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.printf(Locale.ROOT, "%d answers of %d characters each%n", n, CacheLookupBenchmark.ANSWER.text()
                .length());
        measure("exact", n, false);
        measure("exact + semantic", n, true);
    }

    private static void measure(String name, int n, boolean semantic) throws InterruptedException {
        VectorTable table = new VectorTable();
        if (semantic) {
            for (int i = 0; i < n; i++) {
                table.random(CacheLookupBenchmark.question(i));
            }
        }
        long before = used();
        ResponseCache.Builder b = ResponseCache.builder(new ConstantModel(CacheLookupBenchmark.ANSWER))
                .maxEntries(n * 2L);
        if (semantic) {
            b.semantic(table, 0.9);
        }
        ResponseCache cache = b.build();
        for (int i = 0; i < n; i++) {
            cache.chat(ChatRequest.of(CacheLookupBenchmark.question(i)));
        }
        long index = cache.indexBytes();
        long after = used();
        System.out.printf(Locale.ROOT, "%-17s %,d bytes of heap per answer (of which the index %,d bytes)%n", name,
                (after - before) / n, index / n);
        cache.close();
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
