package dev.llmkit.examples.cli;

import dev.llmkit.api.CallContext;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.Citation;
import dev.llmkit.rag.ContextBuilder;
import dev.llmkit.guardrails.Spotlight;
import dev.llmkit.rag.GroundedAnswerer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Answers one question over the index: with a model, a streamed grounded answer; without, an extractive one. Lists
 * only the sources the answer cites, numbered in order of first citation. Keeps the conversation for {@code chat}.
 */
final class Answering {
    /** Chunks retrieved per question. */
    static final int TOP_K = 6;
    /** Token budget of the sources given to a model. */
    static final int CONTEXT_TOKENS = 1500;

    private final Pipeline pipeline;
    private final Optional<ModelConfig.Configured> model;
    private final PrintWriter out;
    private final double minEvidence;
    private final double minSupport;
    private final CliGuardrails guardrails;
    private final List<Message> history = new ArrayList<>();
    private final Map<String, Double> rarity = new HashMap<>();
    /** The sources the last answer cited, and the model's response to it (null when extractive). */
    private List<Citation> lastCited = List.of();
    private ChatResponse lastResponse;
    /** The call of the question being answered: its retrievals and its model call share the id. */
    private CallContext call = CallContext.create();

    Answering(Pipeline pipeline, Optional<ModelConfig.Configured> model, PrintWriter out, double minEvidence,
            double minSupport, CliGuardrails guardrails) {
        this.guardrails = guardrails;
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
     * @param quotes the extractive answer's quotes, empty when refused
     */
    record Reply(boolean refused, double evidence, double support, ContextBuilder.Context context,
            List<ExtractiveAnswerer.Quote> quotes) {
    }

    /** Retrieves for {@code question} and decides extractively whether and what to answer; prints nothing. */
    Reply extractive(String question) {
        Reply retrieved = retrieve(question);
        if (retrieved.refused()) {
            return retrieved;
        }
        ExtractiveAnswerer.Extract extract = ExtractiveAnswerer.answer(question, retrieved.context().citations(),
                this::rarity, minSupport, ExtractiveAnswerer.DEFAULT_QUOTES);
        return new Reply(extract.quotes().isEmpty(), retrieved.evidence(), extract.support(), retrieved.context(),
                extract.quotes());
    }

    /** Retrieval alone: refused only when the dense evidence is under the threshold. */
    private Reply retrieve(String question) {
        Query query = Query.of(question, TOP_K).withCallId(call.callId());
        List<ScoredChunk> top = pipeline.dense.retrieve(query.withTopK(1));
        double evidence = top.isEmpty() ? -1 : top.get(0).score();
        ContextBuilder.Context context = new ContextBuilder(CONTEXT_TOKENS, TokenCounter.estimator())
                .build(guardrails.screen(question, pipeline.hybrid.retrieve(query)));
        return new Reply(context.isEmpty() || evidence < minEvidence, evidence, 0, context, List.of());
    }

    /** The sources the last answer cited (empty after a refusal). */
    List<Citation> lastCited() {
        return lastCited;
    }

    /** The model's response to the last question; empty when the answer was extractive or refused. */
    Optional<ChatResponse> lastResponse() {
        return Optional.ofNullable(lastResponse);
    }

    /** The conversation so far (model answers only; extractive answers keep none). */
    List<Message> history() {
        return List.copyOf(history);
    }

    /** Inverse document frequency of a word in the index (chunks containing it, counted up to 100). */
    private double rarity(String word) {
        return rarity.computeIfAbsent(word, w -> {
            long n = pipeline.size();
            int df = pipeline.keywords.searchText(w, 100, MetadataFilter.ALL).size();
            return Math.log((n + 1.0) / (df + 0.5));
        });
    }

    /**
     * Answers and prints; returns whether the documents supported an answer.
     *
     * @throws CliException when the model fails; the conversation is unchanged, so a chat can go on
     */
    boolean answer(String question) {
        call = CallContext.create();
        lastCited = List.of();
        lastResponse = null;
        guardrails.checkQuestion(question);
        Reply reply = model.isPresent() ? retrieve(question) : extractive(question);
        if (reply.refused()) {
            out.println(GroundedAnswerer.REFUSAL + " " + whyRefused(reply));
            out.flush();
            return false;
        }
        List<Citation> cited = model.isPresent() ? generate(question, reply.context()) : printQuotes(reply.quotes(),
                reply.context().citations());
        lastCited = cited;
        if (!cited.isEmpty()) {
            out.println();
            out.println("Sources:");
            for (Citation c : cited) {
                out.println("  " + c.label());
            }
        }
        out.flush();
        return true;
    }

    private String whyRefused(Reply reply) {
        if (reply.evidence() < minEvidence) {
            return String.format(Locale.ROOT, "(the best passage's similarity %.2f is under --min-score %s)",
                    reply.evidence(), minEvidence);
        }
        return String.format(Locale.ROOT, "(no sentence covers enough of the question: best %.2f, --min-support %s)",
                reply.support(), minSupport);
    }

    private List<Citation> printQuotes(List<ExtractiveAnswerer.Quote> quotes, List<Citation> sources) {
        out.println("No LLM is configured, so this answer is extractive: the sentences below are quoted from the");
        out.println("indexed documents, not generated. " + ModelConfig.HOW_TO);
        out.println();
        CitationRenumberer numbers = new CitationRenumberer(sources);
        for (ExtractiveAnswerer.Quote q : quotes) {
            out.println("  \"" + q.text() + "\" [" + numbers.number(q.source().number()) + "]");
        }
        return numbers.cited();
    }

    /** Streams the model's answer with renumbered citations; returns the cited sources. */
    private List<Citation> generate(String question, ContextBuilder.Context context) {
        // the sources go with the instructions, fenced as data; the user's turn is the question alone, so the input
        // guardrails check (and mask) what the user typed
        ChatRequest.Builder request = ChatRequest.builder().system(GroundedAnswerer.SYSTEM_PROMPT + "\n\nSources:\n\n"
                + Spotlight.fence(context.text(), "retrieved")).context(call);
        history.forEach(request::message);
        request.user(question);
        CitationRenumberer numbers = new CitationRenumberer(context.citations());
        StringBuilder shown = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        ModelConfig.Configured m = model.orElseThrow();
        try {
            guardrails.model().stream(request.build(), new StreamHandler() {
                @Override
                public void onToken(String token) {
                    String now = numbers.accept(token);
                    shown.append(now);
                    out.print(now);
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
        } catch (LlmException e) {
            done.completeExceptionally(e);
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "Interrupted");
        } catch (ExecutionException e) {
            if (shown.length() > 0) {
                out.println(numbers.finish());
            }
            out.flush();
            throw new CliException(1, e.getCause() instanceof LlmException l ? ModelFailure.describe(l, m)
                    : "The " + m.label() + " failed unexpectedly: " + e.getCause());
        }
        try {
            lastResponse = done.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("completed above", e);
        }
        String rest = numbers.finish();
        shown.append(rest);
        out.println(rest);
        history.add(Message.user(question));
        history.add(Message.assistant(shown.toString()));
        return numbers.cited();
    }
}
