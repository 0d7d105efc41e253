package dev.llmkit.benchmarks.guardrails;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.Usage;
import dev.llmkit.benchmarks.ConstantModel;
import dev.llmkit.guardrails.Guardrails;
import dev.llmkit.guardrails.InjectionDetector;
import dev.llmkit.guardrails.InjectionGuardrail;
import dev.llmkit.guardrails.InputLimit;
import dev.llmkit.guardrails.PiiDetector;
import dev.llmkit.guardrails.PiiGuardrail;
import dev.llmkit.langchain4j.LocalEmbeddings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the standard input chain costs on a 2 kB prompt (a support message with an e-mail address, a phone number and
 * an order number): an input limit, PII masking and the injection check, around a model that answers at once, with
 * the injection detector's heuristics only and with its nearest-neighbour layer (one bge-small-en-v1.5 embedding per
 * call, in process); next to the bare model call and to each detector alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class GuardrailChainBenchmark {
    static final String PROMPT = prompt();

    ChatModel bare;
    ChatModel heuristicChain;
    ChatModel embeddingChain;
    ChatRequest request;
    PiiDetector pii;
    InjectionDetector heuristic;

    static String prompt() {
        String base = "Hello support team, I ordered a standing desk last week (order 55120-88731) and the delivery"
                + " was supposed to arrive on Tuesday, but the tracking page has not changed since Friday. I already"
                + " called twice and was told someone would get back to me. You can reach me at"
                + " jordan.mills@northwind.example or on (415) 867-2301 in the afternoons. The desk is for my home"
                + " office and I need it before the end of the month because my old one is broken. Could you check"
                + " with the carrier, tell me where the parcel is, and whether I can pick it up from the depot"
                + " instead? If it is lost, I would prefer a replacement over a refund. ";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 2048) {
            sb.append(base);
        }
        return sb.substring(0, 2048);
    }

    @Setup(Level.Trial)
    public void setUp() {
        bare = new ConstantModel(ChatResponse.builder().text("We have asked the carrier and will write to"
                + " <EMAIL_1> today.").usage(Usage.of(500, 20)).build());
        pii = PiiDetector.standard();
        heuristic = InjectionDetector.heuristic();
        heuristicChain = Guardrails.around(bare, InputLimit.maxTokens(4000, TokenCounter.estimator()),
                PiiGuardrail.masking(), InjectionGuardrail.of(heuristic));
        embeddingChain = Guardrails.around(bare, InputLimit.maxTokens(4000, TokenCounter.estimator()),
                PiiGuardrail.masking(), InjectionGuardrail.of(InjectionDetector.builder()
                        .embeddings(LocalEmbeddings.bgeSmallEnV15()).build()));
        request = ChatRequest.of(PROMPT);
    }

    @Benchmark
    public ChatResponse bareModel() {
        return bare.chat(request);
    }

    @Benchmark
    public ChatResponse standardChainHeuristics() {
        return heuristicChain.chat(request);
    }

    @Benchmark
    public ChatResponse standardChainWithEmbeddings() {
        return embeddingChain.chat(request);
    }

    @Benchmark
    public Object piiDetectorAlone() {
        return pii.detect(PROMPT);
    }

    @Benchmark
    public Object injectionHeuristicsAlone() {
        return heuristic.score(PROMPT);
    }
}
