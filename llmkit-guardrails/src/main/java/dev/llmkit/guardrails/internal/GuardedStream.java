package dev.llmkit.guardrails.internal;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.GuardrailBlockedException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One guarded stream: holds back the last {@code lookahead} characters (and any piece that may be the start of a
 * masking placeholder), runs the stream guardrails on the text so far as each token arrives, and delivers the text
 * they passed, restored. At the first enforced block it cancels the model's stream and ends the caller's with one
 * {@link GuardrailBlockedException} that says how many characters were delivered. The output guardrails run on the
 * complete answer before the last held-back text and {@code onComplete} go out; as the rest of the answer has already
 * been delivered, a rewrite or re-ask there cannot be honoured and ends the stream as a block.
 */
public final class GuardedStream implements StreamHandler, StreamHandle {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedStream.class);

    private final Chain chain;
    private final ChatRequest request;
    private final Restorer restorer;
    private final StreamHandler out;
    private final int lookahead;
    private final StringBuilder raw = new StringBuilder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile @Nullable StreamHandle inner;
    private boolean started;
    /** End of the raw text already delivered. */
    private int delivered;
    /** Characters delivered to the caller (restored). */
    private int deliveredChars;

    private GuardedStream(Chain chain, ChatRequest request, Restorer restorer, StreamHandler out, int lookahead) {
        this.chain = chain;
        this.request = request;
        this.restorer = restorer;
        this.out = out;
        this.lookahead = chain.checksStream() ? lookahead : 0;
    }

    /** Starts {@code model}'s stream of the prepared {@code request} through the guards. */
    public static StreamHandle start(ChatModel model, Chain chain, ChatRequest request, Restorer restorer,
            StreamHandler out, int lookahead) {
        GuardedStream s = new GuardedStream(chain, request, restorer, out, lookahead);
        try {
            StreamHandle h = model.stream(request, s);
            if (s.inner == null) {
                s.inner = h;
            }
        } catch (RuntimeException e) {
            if (!s.started) {
                s.onStart(StreamHandle.ended());
            }
            s.onError(e instanceof LlmException l ? l : new LlmException(model + " threw " + e.getClass().getName()
                    + " from stream() instead of reporting it to the handler; this is a bug in that model.", e, false,
                    ErrorInfo.NONE));
        }
        return s;
    }

    @Override
    public void onStart(StreamHandle handle) {
        started = true;
        inner = handle;
        out.onStart(this);
    }

    @Override
    public void onToken(String token) {
        if (ended.get() || token.isEmpty()) {
            return;
        }
        raw.append(token);
        Chain.Blocked blocked;
        try {
            blocked = chain.checksStream() ? chain.stream(request, raw.toString()) : null;
        } catch (LlmException e) {
            stop(e);
            return;
        }
        if (blocked != null) {
            stop(new GuardrailBlockedException(blocked.guardrail(), Stage.STREAM, blocked.reason(), deliveredChars));
            return;
        }
        deliver(restorer.safeEnd(raw, delivered, raw.length() - lookahead));
    }

    private void deliver(int end) {
        if (end <= delivered) {
            return;
        }
        String piece = restorer.restore(raw.substring(delivered, end));
        delivered = end;
        deliveredChars += piece.length();
        out.onToken(piece);
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        if (!ended.get()) {
            out.onToolCall(restorer.restore(toolCall));
        }
    }

    @Override
    public void onComplete(ChatResponse response) {
        if (ended.get()) {
            return;
        }
        Chain.Outcome outcome;
        try {
            if (!response.text().contentEquals(raw)) {
                // the model's tokens did not add up to its text (a contract breach); check what it says it answered
                raw.setLength(0);
                raw.append(response.text());
                delivered = Math.min(delivered, raw.length());
            }
            Chain.Blocked blocked = chain.checksStream() ? chain.stream(request, raw.toString()) : null;
            if (blocked != null) {
                stop(new GuardrailBlockedException(blocked.guardrail(), Stage.STREAM, blocked.reason(),
                        deliveredChars));
                return;
            }
            outcome = chain.output(request, response);
        } catch (LlmException e) {
            stop(e);
            return;
        }
        if (outcome.reask() || !outcome.response().text().equals(response.text())) {
            Chain.Blocked by = outcome.reask() ? outcome.reasker() : null;
            String name = by != null ? by.guardrail() : "output";
            String why = outcome.reask() && by != null ? by.reason() : "an output guardrail rewrote the answer";
            stop(new GuardrailBlockedException(name, Stage.OUTPUT, why + " (the answer was being streamed, so it"
                    + " could not be rewritten or asked again: use chat() for guardrails that rewrite or re-ask)",
                    deliveredChars));
            return;
        }
        try {
            deliver(raw.length()); // the handler may cancel while it reads the last text: then no onComplete
        } catch (RuntimeException e) {
            stop(new LlmException("The stream handler threw " + e.getClass().getName() + " from onToken; the stream"
                    + " ended.", e, false, ErrorInfo.NONE));
            return;
        }
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            out.onComplete(restorer.restore(outcome.response()));
        } catch (RuntimeException e) {
            LOG.warn("A stream handler's onComplete threw; the stream had ended", e);
        }
    }

    @Override
    public void onError(LlmException error) {
        if (ended.compareAndSet(false, true)) {
            try {
                out.onError(error);
            } catch (RuntimeException e) {
                LOG.warn("A stream handler's onError threw; the stream had ended", e);
            }
        }
    }

    /** Ends the caller's stream with {@code error} and cancels the model's. */
    private void stop(LlmException error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        StreamHandle h = inner;
        if (h != null) {
            h.cancel();
        }
        try {
            out.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("A stream handler's onError threw; the stream had ended", e);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        ended.set(true);
        StreamHandle h = inner;
        if (h != null) {
            h.cancel();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
