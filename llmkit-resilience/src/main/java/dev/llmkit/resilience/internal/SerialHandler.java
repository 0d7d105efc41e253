package dev.llmkit.resilience.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.StreamInterruptedException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a caller's handler for one decorated call, whatever threads signal it (an attempt's I/O thread, a timer):
 * <ul>
 *   <li>callbacks reach the caller one at a time and in the order they were signalled (a drain loop: the thread
 *       that finds the handler busy queues its signal and returns at once, so a timer never blocks);</li>
 *   <li>exactly one terminal callback, nothing after it, nothing after cancellation;</li>
 *   <li>a caller's {@code onToken} or {@code onToolCall} that throws ends the call: {@code onHandlerFailure} cancels
 *       the upstream attempt and the caller gets one {@code onError} carrying the exception;</li>
 *   <li>it counts the output signalled (tokens and tool calls), so a decorator knows whether replaying is still
 *       safe: once anything was signalled, nothing may be retried, failed over or hedged.</li>
 * </ul>
 */
public final class SerialHandler implements StreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SerialHandler.class);

    private final StreamHandler delegate;
    private final Runnable onHandlerFailure;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final StringBuilder text = new StringBuilder();
    private volatile int tokens;
    private volatile int toolCalls;
    private volatile boolean terminalSignalled;
    private volatile boolean closed;

    /**
     * Guards {@code delegate}.
     *
     * @param onHandlerFailure run when the caller's handler throws from a non-terminal callback (cancel upstream)
     */
    public SerialHandler(StreamHandler delegate, Runnable onHandlerFailure) {
        this.delegate = delegate;
        this.onHandlerFailure = onHandlerFailure;
    }

    /**
     * Announces the call's handle to the caller; call it before anything else is signalled. Returns false when the
     * caller's {@code onStart} threw: the caller has had its {@code onError} and nothing must be started.
     */
    public boolean start(StreamHandle handle) {
        try {
            delegate.onStart(handle);
            return true;
        } catch (RuntimeException e) {
            handlerFailed(e);
            return false;
        }
    }

    /** Ignored: see {@link #start}. */
    @Override
    public void onStart(StreamHandle handle) {
    }

    /** Whether any token or tool call was signalled: the call can no longer be replayed. */
    public boolean hasOutput() {
        return tokens > 0 || toolCalls > 0;
    }

    /** Tokens signalled so far. */
    public int tokens() {
        return tokens;
    }

    /** Tool calls signalled so far. */
    public int toolCalls() {
        return toolCalls;
    }

    /** Whether a terminal callback was signalled (it may still be waiting its turn) or the call was cancelled. */
    public boolean isDone() {
        return terminalSignalled || closed;
    }

    /** Stops all further callbacks, terminal ones included (the caller cancelled). */
    public void close() {
        closed = true;
    }

    /**
     * Ends the call with {@code error} as the caller must see it given the output delivered before it: after output, a
     * {@link StreamInterruptedException} carrying exactly that output (and so not retryable), unless the error
     * already is one. The wrapping happens when the error's turn comes, so a token that raced it is counted only if it
     * really reached the caller first.
     */
    public void failAfterOutput(LlmException error) {
        terminal(new AfterOutput(error));
    }

    /** An error to wrap with the output delivered before it. */
    private record AfterOutput(LlmException error) {
    }

    @Override
    public void onToken(String token) {
        if (isDone()) {
            return;
        }
        tokens++;
        signal(token);
    }

    @Override
    public void onToolCall(ToolCall toolCall) {
        if (isDone()) {
            return;
        }
        toolCalls++;
        signal(toolCall);
    }

    @Override
    public void onComplete(ChatResponse response) {
        terminal(response);
    }

    @Override
    public void onError(LlmException error) {
        terminal(error);
    }

    private void terminal(Object signal) {
        if (isDone()) {
            return;
        }
        terminalSignalled = true;
        signal(signal);
    }

    private void signal(Object signal) {
        queue.offer(signal);
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Object s;
            while ((s = queue.poll()) != null) {
                deliver(s);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    // delivery state, touched only by the thread that owns the drain loop
    private boolean delivered;
    private int deliveredTokens;
    private int deliveredToolCalls;

    // only ever called by the thread that owns the drain loop
    private void deliver(Object s) {
        if (delivered || closed) {
            return;
        }
        if (s instanceof String token) {
            text.append(token);
            deliveredTokens++;
            try {
                delegate.onToken(token);
            } catch (RuntimeException e) {
                handlerFailed(e);
            }
        } else if (s instanceof ToolCall call) {
            deliveredToolCalls++;
            try {
                delegate.onToolCall(call);
            } catch (RuntimeException e) {
                handlerFailed(e);
            }
        } else if (s instanceof ChatResponse response) {
            delivered = true;
            try {
                delegate.onComplete(response);
            } catch (RuntimeException e) {
                LOG.warn("A stream handler's onComplete threw; the stream had already ended", e);
            }
        } else {
            delivered = true;
            LlmException error = s instanceof AfterOutput a ? wrap(a.error()) : (LlmException) s;
            try {
                delegate.onError(error);
            } catch (RuntimeException e) {
                LOG.warn("A stream handler's onError threw; the stream had already ended", e);
            }
        }
    }

    private LlmException wrap(LlmException error) {
        if ((deliveredTokens == 0 && deliveredToolCalls == 0) || error instanceof StreamInterruptedException) {
            return error;
        }
        return new StreamInterruptedException(error.getMessage() + " (after " + deliveredTokens + " tokens and "
                + deliveredToolCalls + " tool calls were delivered; not replayed)", error, error.info(),
                text.toString(), deliveredTokens, deliveredToolCalls);
    }

    private void handlerFailed(RuntimeException e) {
        delivered = true;
        terminalSignalled = true;
        try {
            onHandlerFailure.run();
        } catch (RuntimeException cancelFailed) {
            e.addSuppressed(cancelFailed);
        }
        LlmException error = new LlmException("The stream handler threw " + e.getClass().getName()
                + "; the stream was cancelled. Fix the handler: onStart, onToken and onToolCall must not throw.", e,
                false, ErrorInfo.NONE);
        try {
            delegate.onError(error);
        } catch (RuntimeException again) {
            LOG.warn("A stream handler's onError threw after its onToken had thrown", again);
        }
    }
}
