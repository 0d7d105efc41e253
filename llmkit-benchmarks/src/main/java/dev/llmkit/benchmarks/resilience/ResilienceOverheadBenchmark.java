package dev.llmkit.benchmarks.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.benchmarks.ConstantModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.resilience.Bulkhead;
import dev.llmkit.resilience.CircuitBreaker;
import dev.llmkit.resilience.Resilient;
import dev.llmkit.resilience.Retry;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Overhead of resilience decorators around a zero-latency fake model: a direct call, llmkit's retry + breaker +
 * bulkhead, llmkit's full {@code Resilient} stack (adds timeouts) for a request without a deadline (the stack passes
 * its total limit down as one, in a copy of the request) and with one already tighter (nothing to copy), and the same
 * three policies built with Resilience4j decorating the same call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResilienceOverheadBenchmark {
    private final ChatRequest request = ChatRequest.of("hi");
    /** A request whose deadline is already tighter than the stack's 5-minute total limit: nothing to copy. */
    private final ChatRequest withDeadline = ChatRequest.builder().user("hi")
            .deadline(java.time.Instant.now().plus(Duration.ofMinutes(4))).build();
    private ChatModel direct;
    private ChatModel llmkitTrio;
    private ChatModel llmkitFull;
    private Supplier<ChatResponse> r4jTrio;

    @Setup
    public void setUp() {
        direct = new ConstantModel(ChatResponse.of("ok", "constant"));
        llmkitTrio = Retry.of(CircuitBreaker.of("bench", Bulkhead.of(direct, 64, Duration.ZERO)));
        llmkitFull = Resilient.wrap(direct);
        io.github.resilience4j.retry.Retry retry = io.github.resilience4j.retry.Retry.of("bench", RetryConfig.ofDefaults());
        io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults());
        io.github.resilience4j.bulkhead.Bulkhead bulkhead = io.github.resilience4j.bulkhead.Bulkhead.of("bench",
                BulkheadConfig.custom().maxConcurrentCalls(64).maxWaitDuration(Duration.ZERO).build());
        Supplier<ChatResponse> call = () -> direct.chat(request);
        r4jTrio = io.github.resilience4j.retry.Retry.decorateSupplier(retry,
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(breaker,
                        io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(bulkhead, call)));
    }

    @Benchmark
    public ChatResponse direct() {
        return direct.chat(request);
    }

    @Benchmark
    public ChatResponse llmkitRetryBreakerBulkhead() {
        return llmkitTrio.chat(request);
    }

    @Benchmark
    public ChatResponse llmkitResilientStack() {
        return llmkitFull.chat(request);
    }

    @Benchmark
    public ChatResponse llmkitResilientStackWithDeadline() {
        return llmkitFull.chat(withDeadline);
    }

    @Benchmark
    public ChatResponse resilience4jRetryBreakerBulkhead() {
        return r4jTrio.get();
    }
}
