package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.Citation;
import dev.llmkit.rag.ContextBuilder;
import dev.llmkit.rag.GroundedAnswerer;
import java.io.PrintWriter;
import dev.llmkit.api.rag.MetadataFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Answers one question over the index: with a model, a streamed grounded answer; without, an extractive one. Keeps
 * the conversation for {@code chat}.
 */
final class Answering {
    private final Pipeline pipeline;
    private final Optional<ModelConfig.Configured> model;
    private final PrintWriter out;
    private final double minEvidence;
    private final double minSupport;
    private final List<Message> history = new ArrayList<>();
    private final Map<String, Double> rarity = new HashMap<>();

    Answering(Pipeline pipeline, Optional<ModelConfig.Configured> model, PrintWriter out, double minEvidence,
            double minSupport) {
        this.pipeline = pipeline;
        this.model = model;
        this.out = out;
        this.minEvidence = minEvidence;
        this.minSupport = minSupport;
    }

    /**
     * What the documents give for one question: the best dense similarity, the packed sources and, without a model,
     * the quotes of the extractive answer.
     *
     * @param refused whether the documents do not support an answer
     * @param evidence the best dense cosine similarity, or -1 with an empty index
     * @param support how well the best quoted sentence covers the question (0 to 1)
     * @param context the numbered sources
     * @param quotes the extractive answer's quotes, empty when refused or generating
     */
    record Reply(boolean refused, double evidence, double support, ContextBuilder.Context context,
            List<ExtractiveAnswerer.Quote> quotes) {
    }

    /** Retrieves for {@code question} and decides extractively whether and what to answer; prints nothing. */
    Reply extractive(String question) {
        Query query = Query.of(question, 6);
        List<ScoredChunk> top = pipeline.dense.retrieve(query.withTopK(1));
        double evidence = top.isEmpty() ? -1 : top.get(0).score();
        ContextBuilder.Context context = new ContextBuilder(1500, dev.llmkit.api.TokenCounter.estimator())
                .build(pipeline.hybrid.retrieve(query));
        if (context.isEmpty() || evidence < minEvidence) {
            return new Reply(true, evidence, 0, context, List.of());
        }
        ExtractiveAnswerer.Extract extract = ExtractiveAnswerer.answer(question, context.citations(), this::rarity,
                minSupport, ExtractiveAnswerer.DEFAULT_QUOTES);
        return new Reply(extract.quotes().isEmpty(), evidence, extract.support(), context, extract.quotes());
    }

    /** Inverse document frequency of a word in the index (chunks containing it, counted up to 100). */
    private double rarity(String word) {
        return rarity.computeIfAbsent(word, w -> {
            int n = pipeline.index.size();
            int df = pipeline.index.searchText(w, 100, MetadataFilter.ALL).size();
            return Math.log((n + 1.0) / (df + 0.5));
        });
    }

    /** Answers and prints; returns whether the documents supported an answer. */
    boolean answer(String question) {
        Reply reply = extractive(question);
        if (reply.refused()) {
            out.println(GroundedAnswerer.REFUSAL + " (best match " + String.format(java.util.Locale.ROOT, "%.2f",
                    reply.evidence()) + " is under the threshold " + minEvidence + ")");
            out.flush();
            return false;
        }
        if (model.isPresent()) {
            generate(question, reply.context());
        } else {
            printQuotes(reply.quotes());
        }
        out.println();
        out.println("Sources:");
        for (Citation c : reply.context().citations()) {
            out.println("  " + c.label());
        }
        out.flush();
        return true;
    }

    private void printQuotes(List<ExtractiveAnswerer.Quote> quotes) {
        out.println("No LLM is configured, so this answer is extractive: the sentences below are quoted from the");
        out.println("indexed documents, not generated. " + ModelConfig.HOW_TO);
        out.println();
        if (quotes.isEmpty()) {
            out.println("  (no sentence matches the question's words; see the sources below)");
        }
        for (ExtractiveAnswerer.Quote q : quotes) {
            out.println("  \"" + q.text() + "\" [" + q.source().number() + "]");
        }
    }

    private void generate(String question, ContextBuilder.Context context) {
        ChatRequest.Builder request = ChatRequest.builder().system(GroundedAnswerer.SYSTEM_PROMPT);
        history.forEach(request::message);
        request.user("Sources:\n\n" + context.text() + "\n\nQuestion: " + question);
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.get().model().stream(request.build(), new StreamHandler() {
            @Override
            public void onToken(String token) {
                out.print(token);
                out.flush();
            }

            @Override
            public void onComplete(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(LlmException error) {
                done.completeExceptionally(error);
            }
        });
        try {
            ChatResponse r = done.get();
            out.println();
            history.add(Message.user(question));
            history.add(Message.assistant(r.text()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "Interrupted");
        } catch (ExecutionException e) {
            LlmException cause = e.getCause() instanceof LlmException l ? l : null;
            out.println();
            throw new CliException(1, "The model (" + model.get().label() + ") failed: "
                    + (cause != null ? cause.getMessage() : e.getCause())
                    + " Check that the server is running and the settings are right. " + ModelConfig.HOW_TO);
        }
    }
}
