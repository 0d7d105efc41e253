package dev.llmkit.guardrails;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.GuardrailBlockedException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import dev.llmkit.guardrails.internal.Chain;
import dev.llmkit.guardrails.internal.GuardedStream;
import dev.llmkit.guardrails.internal.Restorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatModel} with a guardrail chain around it; made by {@link Guardrails#around} or
 * {@link Guardrails#builder}. For one call:
 *
 * <ol>
 *   <li><b>Input</b>: the input guardrails check the last user message, in order; an enforced rewrite (a masking of
 *       PII) changes the text the next guardrail and the model see; an enforced block ends the call with a
 *       {@link GuardrailBlockedException}. Tool results in the request then go through the untrusted-content
 *       guardrails: a rewrite (spotlighting) changes the result the model reads, a block withholds that one result
 *       (the model reads an error result instead), not the call.</li>
 *   <li><b>The model</b> is called with the rewritten request.</li>
 *   <li><b>Output</b>: the output guardrails check the answer in order; a rewrite changes it, a re-ask sends the
 *       conversation back with the guardrail's instructions (at most {@link Guardrails.Builder#maxReasks} times, then
 *       a block), a block ends the call.</li>
 *   <li>Masked values are put back into the answer's text and tool-call arguments for the caller.</li>
 * </ol>
 *
 * <p>{@link #stream} runs the input stage on the calling thread before it returns, then checks the streamed text with
 * the stream guardrails as tokens arrive, holding back a look-ahead of characters so that a violation is caught before
 * it reaches the caller; see {@link Guardrails.Builder#lookahead}. At the first violation the model's stream is
 * cancelled and the caller's ends with one {@link GuardrailBlockedException} whose
 * {@link GuardrailBlockedException#deliveredChars()} says how much was delivered. Output guardrails run when the
 * stream completes; one that would rewrite or re-ask ends a stream with a block, since the text is already out.
 *
 * <p>Guardrails in monitor mode only report: their verdicts reach the listener as
 * {@link dev.llmkit.api.event.GuardrailEvent}s with {@code enforced() == false}. Thread-safe and immutable.
 */
public final class GuardedChatModel implements ChatModel {
    private final ChatModel delegate;
    private final Chain chain;
    private final int maxReasks;
    private final int lookahead;
    private final String description;

    GuardedChatModel(ChatModel delegate, Chain chain, int maxReasks, int lookahead, String description) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.chain = chain;
        this.maxReasks = maxReasks;
        this.lookahead = lookahead;
        this.description = description;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Chain.Prepared prepared = chain.input(request);
        Restorer restorer = new Restorer(prepared.restorations());
        ChatRequest current = prepared.request();
        for (int reasks = 0;; reasks++) {
            ChatResponse response = delegate.chat(current);
            Chain.Outcome outcome = chain.output(current, response);
            if (!outcome.reask()) {
                return restorer.restore(outcome.response());
            }
            Chain.Blocked by = Objects.requireNonNull(outcome.reasker());
            if (!response.toolCalls().isEmpty()) {
                throw new GuardrailBlockedException(by.guardrail(), GuardrailContext.Stage.OUTPUT, "it asked to"
                        + " re-ask an answer that calls tools, which no provider accepts before the tools' results: "
                        + by.reason(), 0);
            }
            if (reasks >= maxReasks) {
                throw new GuardrailBlockedException(by.guardrail(), GuardrailContext.Stage.OUTPUT, "the answer still"
                        + " failed after " + maxReasks + " re-ask" + (maxReasks == 1 ? "" : "s") + ": "
                        + by.reason(), 0);
            }
            List<Message> messages = new ArrayList<>(current.messages());
            messages.add(response.message());
            messages.add(Message.user(Objects.requireNonNull(outcome.reaskInstructions())));
            current = current.toBuilder().messages(messages).build();
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Chain.Prepared prepared;
        try {
            prepared = chain.input(request);
        } catch (LlmException e) {
            StreamHandle ended = StreamHandle.ended();
            try {
                handler.onStart(ended);
            } catch (RuntimeException startFailed) {
                e.addSuppressed(startFailed);
            }
            handler.onError(e);
            return ended;
        }
        return GuardedStream.start(delegate, chain, prepared.request(), new Restorer(prepared.restorations()),
                handler, lookahead);
    }

    /**
     * Runs the input stage alone (and the untrusted stage on the request's tool results), for a caller that sends the
     * request itself or answers without a model: the request as the model would get it.
     *
     * @throws GuardrailBlockedException when an enforced guardrail blocks the input
     * @return the rewritten request; values masked in it are not restored by anyone (use {@link #chat} or
     *     {@link #stream} for that)
     */
    public ChatRequest checkInput(ChatRequest request) {
        return chain.input(request).request();
    }

    /**
     * Checks content the model will read that no user typed (a retrieved chunk, a fetched page, an email) with the
     * untrusted-content guardrails, before it goes into a prompt.
     *
     * @param request the call the content is for (its context: tenant, user, call id)
     * @param source where the content comes from
     * @param text the content
     * @return pass; a rewrite with the text to use instead (e.g. fenced by {@link Spotlight}); or a block, whose
     *     reason names the guardrail: leave the content out
     */
    public Verdict screen(ChatRequest request, GuardrailContext.Source source, String text) {
        return chain.screen(request, source, text);
    }

    /** The guarded model. */
    public ChatModel delegate() {
        return delegate;
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "Guarded[" + description + "](" + delegate + ")";
    }
}
