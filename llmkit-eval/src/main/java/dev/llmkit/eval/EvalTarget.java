package dev.llmkit.eval;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Usage;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.time.Duration;
import java.util.List;

/** What a golden set is run against: a model, a retriever, or a whole pipeline of yours. Thread-safe. */
@FunctionalInterface
public interface EvalTarget {

    /** Runs one case. A failure is recorded as the case's error; the run goes on. */
    CaseOutput run(GoldenCase c);

    /** A chat model answering each case's input as a user message. */
    static EvalTarget chat(ChatModel model) {
        return c -> {
            long t0 = System.nanoTime();
            ChatResponse r = model.chat(ChatRequest.of(c.input()));
            return CaseOutput.answer(r.text(), r.usage(), r.cost().orElse(null),
                    Duration.ofNanos(System.nanoTime() - t0));
        };
    }

    /** A retriever returning the top {@code k} chunks for each input (no answer: for retrieval checks). */
    static EvalTarget retrieval(Retriever retriever, int k) {
        return c -> {
            long t0 = System.nanoTime();
            List<ScoredChunk> hits = retriever.retrieve(Query.of(c.input(), k));
            return new CaseOutput("", hits, List.of(), Usage.ZERO, null, Duration.ofNanos(System.nanoTime() - t0));
        };
    }
}
