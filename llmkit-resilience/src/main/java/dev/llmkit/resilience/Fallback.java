package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ContentBlockedException;
import dev.llmkit.api.error.ContextLengthExceededException;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.AttemptHandler;
import dev.llmkit.resilience.internal.SerialHandler;
import dev.llmkit.resilience.internal.Streams;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries ordered alternatives — another deployment, a smaller model, a static degraded answer — until one answers.
 * The answer records why the primary was left in {@link ChatResponse#ATTR_FALLBACK}, and each switch is a
 * {@link FallbackEvent} (and a WARN log). By default it fails over on every error except a malformed request or
 * blocked content (which would fail anywhere); a context-length error does fail over, since a larger model may fit.
 * A stream fails over only before its first token or tool call; cancelling its handle reaches whichever model is
 * streaming at that moment, and {@code stream} never throws (a model that throws counts as a failed one).
 *
 * <pre>{@code
 * ChatModel model = Fallback.of(primary, smaller, Fallback.staticAnswer("The assistant is busy; try again soon."));
 * }</pre>
 */
public final class Fallback implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(Fallback.class);
    /** The default: fail over unless the request itself is at fault. */
    public static final Predicate<LlmException> DEFAULT_FAIL_OVER = e -> e instanceof ContextLengthExceededException
            || !(e instanceof InvalidRequestException || e instanceof ContentBlockedException);

    private final List<ChatModel> chain;
    private final ChatModelListener listener;
    private final Predicate<LlmException> failOver;

    private Fallback(List<ChatModel> chain, ChatModelListener listener, Predicate<LlmException> failOver) {
        if (chain.size() < 2) {
            throw new IllegalArgumentException("a fallback chain needs a primary and at least one alternative");
        }
        this.chain = List.copyOf(chain);
        this.listener = ChatModelListener.safe(listener);
        this.failOver = Objects.requireNonNull(failOver, "failOver");
    }

    /** A chain of {@code primary} then {@code alternatives}, in order. */
    public static Fallback of(ChatModel primary, ChatModel... alternatives) {
        List<ChatModel> chain = new ArrayList<>();
        chain.add(primary);
        chain.addAll(List.of(alternatives));
        return new Fallback(chain, ChatModelListener.NONE, DEFAULT_FAIL_OVER);
    }

    /** A chain with a listener and a fail-over rule. */
    public static Fallback of(List<ChatModel> chain, ChatModelListener listener, Predicate<LlmException> failOver) {
        return new Fallback(chain, listener, failOver);
    }

    /** A model that always gives {@code text}: the last resort of a chain, a degraded but honest answer. */
    public static ChatModel staticAnswer(String text) {
        return new StaticAnswer(text);
    }

    private String label(int i) {
        return chain.get(i).info().provider() + ":" + chain.get(i).info().model();
    }

    /** Reports the switch from alternative {@code i} and returns the request for the next one: the call's next attempt. */
    private ChatRequest switched(ChatRequest request, int i, LlmException e) {
        LOG.warn("Fallback: {} failed ({}); trying {}", label(i), e.getClass().getSimpleName(), label(i + 1));
        ChatRequest next = request.nextAttempt();
        listener.onFallback(FallbackEvent.builder().request(next).from(label(i)).to(label(i + 1)).cause(e).build());
        return next;
    }

    private static String reason(LlmException first) {
        return "primary failed: " + first.getClass().getSimpleName();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        LlmException first = null;
        ChatRequest current = request;
        for (int i = 0; i < chain.size(); i++) {
            try {
                ChatResponse r = chain.get(i).chat(current);
                return first == null ? r : r.withAttribute(ChatResponse.ATTR_FALLBACK, reason(first));
            } catch (LlmException e) {
                if (first == null) {
                    first = e;
                }
                if (i == chain.size() - 1 || !failOver.test(e)) {
                    throw e;
                }
                current = switched(current, i, e);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        AttemptHandle handle = new AttemptHandle();
        SerialHandler out = new SerialHandler(Objects.requireNonNull(handler, "handler"), handle::cancel);
        handle.onCancel(out::close);
        if (out.start(handle)) {
            attempt(request, out, handle, 0, null);
        }
        return handle;
    }

    private void attempt(ChatRequest request, SerialHandler out, AttemptHandle handle, int i,
            @Nullable LlmException first) {
        if (handle.isCancelled()) {
            return;
        }
        int id = handle.begin();
        StreamHandler h = new AttemptHandler(handle, id, out) {
            @Override
            protected ChatResponse completed(ChatResponse response) {
                return first == null ? response : response.withAttribute(ChatResponse.ATTR_FALLBACK, reason(first));
            }

            @Override
            protected void failed(LlmException error) {
                // after a token or a tool call the alternative would repeat what the caller already has
                if (out.hasOutput() || i == chain.size() - 1 || !failOver.test(error)) {
                    out.failAfterOutput(error);
                    return;
                }
                attempt(switched(request, i, error), out, handle, i + 1, first == null ? error : first);
            }
        };
        handle.set(id, Streams.start(chain.get(i), request, h));
    }

    @Override
    public ModelInfo info() {
        return chain.get(0).info();
    }

    @Override
    public String toString() {
        return "Fallback" + chain;
    }

    /** A model that always answers the same text. */
    private static final class StaticAnswer implements ChatModel {
        private final String text;

        StaticAnswer(String text) {
            this.text = Objects.requireNonNull(text, "text");
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            return ChatResponse.of(text, "static");
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            SerialHandler out = new SerialHandler(handler, () -> { });
            if (!out.start(StreamHandle.ended())) {
                return StreamHandle.ended();
            }
            out.onToken(text);
            out.onComplete(chat(request));
            return StreamHandle.ended();
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.of("static", "static-answer");
        }

        @Override
        public String toString() {
            return "StaticAnswer";
        }
    }
}
