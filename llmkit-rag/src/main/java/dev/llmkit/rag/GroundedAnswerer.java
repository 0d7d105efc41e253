package dev.llmkit.rag;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.CallContext;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers questions from retrieved documents: retrieves, packs the best chunks into a numbered context, and asks a
 * {@link ChatModel} to answer only from it, citing {@code [n]}. Refuses without calling the model when the best
 * evidence (the top dense cosine similarity) is under {@link Builder#minEvidence(double)}.
 *
 * <pre>{@code
 * GroundedAnswerer answerer = GroundedAnswerer.builder(model, retriever).evidence(dense).build();
 * GroundedAnswer a = answerer.answer("How do I retry on rate limits?");
 * }</pre>
 */
public final class GroundedAnswerer {
    /** What a refusal says. */
    public static final String REFUSAL = "Not found in the documents.";
    /** Default minimum evidence for bge-small cosine similarities. */
    public static final double DEFAULT_MIN_EVIDENCE = 0.55;
    /** The instructions given to the model. */
    public static final String SYSTEM_PROMPT = "Answer the question using only the numbered sources below. Cite the "
            + "sources you use as [n]. If the sources do not contain the answer, say exactly: \"" + REFUSAL + "\"";

    private final ChatModel model;
    private final Retriever retriever;
    private final Optional<DenseRetriever> evidence;
    private final double minEvidence;
    private final int topK;
    private final ContextBuilder contextBuilder;

    private GroundedAnswerer(Builder b) {
        this.model = b.model;
        this.retriever = b.retriever;
        this.evidence = Optional.ofNullable(b.evidence);
        this.minEvidence = b.minEvidence;
        this.topK = b.topK;
        this.contextBuilder = b.contextBuilder;
    }

    /** Starts a builder. */
    public static Builder builder(ChatModel model, Retriever retriever) {
        return new Builder(model, retriever);
    }

    /**
     * Retrieves and builds the grounded request without calling the model; {@link Prepared#refused()} says whether
     * to answer at all. For callers that stream the answer themselves.
     */
    public Prepared prepare(String question) {
        CallContext call = CallContext.create();
        Query query = Query.of(question, topK).withCallId(call.callId());
        Optional<Double> best = evidence.map(d -> {
            List<ScoredChunk> top = d.retrieve(query.withTopK(1));
            return top.isEmpty() ? -1.0 : top.get(0).score();
        });
        List<ScoredChunk> hits = retriever.retrieve(query);
        ContextBuilder.Context context = contextBuilder.build(hits);
        boolean refused = context.isEmpty() || best.map(b -> b < minEvidence).orElse(false);
        ChatRequest request = ChatRequest.builder().context(call)
                .system(SYSTEM_PROMPT)
                .user("Sources:\n\n" + (context.isEmpty() ? "(none)" : context.text()) + "\n\nQuestion: " + question)
                .build();
        return new Prepared(request, context, refused, best);
    }

    /** Answers a question (blocking). */
    public GroundedAnswer answer(String question) {
        Prepared p = prepare(question);
        if (p.refused()) {
            return new GroundedAnswer(REFUSAL, List.of(), true, p.evidence());
        }
        ChatResponse r = model.chat(p.request());
        return new GroundedAnswer(r.text(), p.context().citations(), r.text().contains(REFUSAL), p.evidence());
    }

    /** Streams the answer to {@code handler}; a refusal is delivered as one token without calling the model. */
    public StreamHandle stream(Prepared prepared, StreamHandler handler) {
        if (prepared.refused()) {
            handler.onToken(REFUSAL);
            handler.onComplete(ChatResponse.of(REFUSAL, "refusal"));
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
        return model.stream(prepared.request(), handler);
    }

    /**
     * A grounded request ready to send.
     *
     * @param request the request for the model
     * @param context the numbered sources and their citations
     * @param refused whether the evidence was too weak to answer
     * @param evidence the best dense similarity, when measured
     */
    public record Prepared(ChatRequest request, ContextBuilder.Context context, boolean refused,
            Optional<Double> evidence) {
    }

    /** Builds a {@link GroundedAnswerer}. */
    public static final class Builder {
        private final ChatModel model;
        private final Retriever retriever;
        private DenseRetriever evidence;
        private double minEvidence = DEFAULT_MIN_EVIDENCE;
        private int topK = 6;
        private ContextBuilder contextBuilder = new ContextBuilder();

        private Builder(ChatModel model, Retriever retriever) {
            this.model = Objects.requireNonNull(model, "model");
            this.retriever = Objects.requireNonNull(retriever, "retriever");
        }

        /** The dense retriever whose top similarity is the evidence for the refusal threshold. */
        public Builder evidence(DenseRetriever evidence) {
            this.evidence = Objects.requireNonNull(evidence, "evidence");
            return this;
        }

        /** Refuse when the evidence is below this cosine similarity; default {@value #DEFAULT_MIN_EVIDENCE}. */
        public Builder minEvidence(double minEvidence) {
            this.minEvidence = minEvidence;
            return this;
        }

        /** Chunks retrieved per question; default 6. */
        public Builder topK(int topK) {
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be at least 1, got " + topK);
            }
            this.topK = topK;
            return this;
        }

        /** How sources are packed; default a 2,000-token budget. */
        public Builder contextBuilder(ContextBuilder contextBuilder) {
            this.contextBuilder = Objects.requireNonNull(contextBuilder, "contextBuilder");
            return this;
        }

        /** Builds the answerer. */
        public GroundedAnswerer build() {
            return new GroundedAnswerer(this);
        }
    }
}
