package dev.llmkit.benchmarks.cache;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Usage;
import dev.llmkit.benchmarks.ConstantModel;
import dev.llmkit.cache.ResponseCache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a cache lookup costs with many entries stored: an exact hit (for the same request object, whose content hash is
 * computed once, and for a new request object per call, which hashes its prompt), a semantic hit and a semantic miss
 * (the embedding excluded: vectors come from a table), next to the bare call to a zero-latency model. The semantic
 * index is compacted after the fill ({@link ResponseCache#compact()}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheLookupBenchmark {
    static final ChatResponse ANSWER = ChatResponse.builder()
            .text("Retries back off exponentially with full jitter, up to the attempt limit, and honour Retry-After.")
            .usage(Usage.of(120, 40)).build();

    static String question(int i) {
        return "What is the retry policy for service number " + i + " in region eu-" + (i % 7) + "?";
    }

    /** An exact cache holding {@code entries} answers. */
    @State(Scope.Benchmark)
    public static class Exact {
        @Param({"100000"})
        public int entries;
        ResponseCache cache;
        ConstantModel model;
        ChatRequest stored;
        String storedText;

        @Setup(Level.Trial)
        public void fill() {
            model = new ConstantModel(ANSWER);
            cache = ResponseCache.builder(model).maxEntries(entries * 2L).build();
            for (int i = 0; i < entries; i++) {
                cache.chat(ChatRequest.of(question(i)));
            }
            cache.compact(); // no merge of the index running while lookups are measured
            storedText = question(entries / 2);
            stored = ChatRequest.of(storedText);
            if (cache.chat(stored).attribute(ChatResponse.ATTR_CACHE).isEmpty()) {
                throw new IllegalStateException("the benchmark's request must be a hit");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            cache.close();
        }
    }

    /**
     * A semantic cache holding {@code entries} answers whose questions have random 384-dimension vectors, spread over
     * {@code partitions} system prompts (a lookup searches only its own partition).
     */
    @State(Scope.Benchmark)
    public static class Semantic {
        @Param({"10000", "100000"})
        public int entries;
        @Param({"1", "10"})
        public int partitions;
        ResponseCache cache;
        ChatRequest paraphrase;
        ChatRequest unrelated;

        private ChatRequest request(String question, int i) {
            ChatRequest.Builder b = ChatRequest.builder();
            if (partitions > 1) {
                b.system("Answer for team " + (i % partitions) + ".");
            }
            return b.user(question).build();
        }

        @Setup(Level.Trial)
        public void fill() {
            VectorTable table = new VectorTable();
            for (int i = 0; i < entries; i++) {
                table.random(question(i));
            }
            int target = entries / 2 / partitions * partitions; // in partition 0
            String anchor = question(target);
            String asked = "what's the retry policy for service number " + target + " in region eu-" + (target % 7);
            table.near(asked, anchor);
            table.random("How do I rotate the signing keys?");
            // a truncated answer is never stored, so the unrelated question stays a miss on every call
            ChatResponse truncated = ANSWER.toBuilder().finishReason(dev.llmkit.api.FinishReason.LENGTH).build();
            ConstantModel answers = new ConstantModel(ANSWER);
            ConstantModel truncates = new ConstantModel(truncated);
            dev.llmkit.api.ChatModel model = new dev.llmkit.api.ChatModel() {
                @Override
                public ChatResponse chat(ChatRequest request) {
                    return request.lastUserText().startsWith("How do I rotate") ? truncates.chat(request)
                            : answers.chat(request);
                }

                @Override
                public dev.llmkit.api.StreamHandle stream(ChatRequest request, dev.llmkit.api.StreamHandler handler) {
                    return answers.stream(request, handler);
                }
            };
            cache = ResponseCache.builder(model).maxEntries(entries * 2L).semantic(table, 0.90).build();
            for (int i = 0; i < entries; i++) {
                cache.chat(request(question(i), i));
            }
            cache.compact(); // one segment, and no merge running while the lookups are measured
            paraphrase = request(asked, 0);
            unrelated = request("How do I rotate the signing keys?", 0);
            String hit = cache.chat(paraphrase).attribute(ChatResponse.ATTR_CACHE).orElse("miss");
            String miss = cache.chat(unrelated).attribute(ChatResponse.ATTR_CACHE).orElse("miss") + "/"
                    + cache.chat(unrelated).attribute(ChatResponse.ATTR_CACHE).orElse("miss");
            if (!hit.equals("semantic") || !miss.equals("miss/miss")) {
                throw new IllegalStateException("the paraphrase must be a semantic hit (was " + hit
                        + ") and the unrelated question a miss (was " + miss + ")");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            cache.close();
        }
    }

    @Benchmark
    public ChatResponse bareCall(Exact s) {
        return s.model.chat(s.stored);
    }

    @Benchmark
    public ChatResponse exactHitSameRequest(Exact s) {
        return s.cache.chat(s.stored);
    }

    @Benchmark
    public ChatResponse exactHitNewRequest(Exact s) {
        return s.cache.chat(ChatRequest.of(s.storedText));
    }

    @Benchmark
    public ChatResponse semanticHit(Semantic s) {
        return s.cache.chat(s.paraphrase);
    }

    @Benchmark
    public ChatResponse semanticMiss(Semantic s) {
        return s.cache.chat(s.unrelated);
    }
}
