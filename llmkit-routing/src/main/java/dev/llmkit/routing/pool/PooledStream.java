package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.routing.pool.internal.Tracker;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed call through a pool, and the handle the caller cancels it with. Attempts run one after another (the
 * next starts only inside the failed one's {@code onError}, before any output); only the newest attempt's callbacks
 * pass. The caller gets {@code onStart} first, then tokens, then exactly one terminal callback, none after cancel.
 * Every attempt releases its deployment's in-flight slot exactly once: on its end or on cancel.
 */
final class PooledStream implements StreamHandle {
    private static final Logger LOG = LoggerFactory.getLogger(PooledStream.class);

    private final DeploymentPool pool;
    private final PoolCall call;
    private final ChatRequest request;
    private final StreamHandler caller;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final StringBuilder delivered = new StringBuilder();
    private volatile boolean cancelled;
    private volatile int tokens;
    private volatile int toolCalls;
    private @Nullable Attempt live; // guarded by this

    PooledStream(DeploymentPool pool, ChatRequest request, StreamHandler caller) {
        this.pool = pool;
        this.request = request;
        this.caller = caller;
        this.call = new PoolCall(pool, request, true);
    }

    void start() {
        try {
            caller.onStart(this);
        } catch (RuntimeException e) {
            fail(new LlmException("The stream handler threw " + e.getClass().getName() + " from onStart; the stream"
                    + " was not started. Fix the handler: onStart must not throw.", e, false, ErrorInfo.NONE));
            return;
        }
        attempt(request, null, null);
    }

    private void attempt(ChatRequest current, @Nullable Tracker previous, @Nullable LlmException cause) {
        if (cancelled) {
            return;
        }
        Tracker t;
        ChatRequest req = current;
        try {
            t = call.select(current);
            if (previous != null && cause != null) {
                req = pool.switched(current, previous, t, cause);
            }
            pool.routed(req, t, previous == null ? "chosen by strategy" : "failed over");
        } catch (RuntimeException e) {
            fail(DeploymentPool.unexpected(e, null));
            return;
        }
        Attempt a = new Attempt(t, req, call.selectedAt());
        t.started(call.tokens(), call.selectedAt());
        synchronized (this) {
            live = a;
        }
        StreamHandle h;
        try {
            h = t.deployment().model().stream(req, a);
        } catch (RuntimeException e) {
            a.onError(DeploymentPool.unexpected(e, t));
            return;
        }
        a.handle(h);
    }

    private boolean isLive(Attempt a) {
        synchronized (this) {
            return live == a && !cancelled;
        }
    }

    private void fail(LlmException error) {
        if (cancelled || !terminated.compareAndSet(false, true)) {
            return;
        }
        LlmException e = error;
        if ((tokens > 0 || toolCalls > 0) && !(error instanceof StreamInterruptedException)) {
            e = new StreamInterruptedException(error.getMessage() + " (after " + tokens + " tokens and " + toolCalls
                    + " tool calls were delivered; not replayed)", error, error.info(), delivered.toString(), tokens,
                    toolCalls);
        }
        try {
            caller.onError(e);
        } catch (RuntimeException thrown) {
            LOG.warn("A stream handler's onError threw; the stream had already ended", thrown);
        }
    }

    private void complete(ChatResponse response) {
        if (cancelled || !terminated.compareAndSet(false, true)) {
            return;
        }
        try {
            caller.onComplete(response);
        } catch (RuntimeException thrown) {
            LOG.warn("A stream handler's onComplete threw; the stream had already ended", thrown);
        }
    }

    /** The caller's handler threw from a token callback: stop the attempt and end the call with that failure. */
    private void handlerFailed(Attempt a, RuntimeException e) {
        a.abort();
        fail(new LlmException("The stream handler threw " + e.getClass().getName() + "; the stream was cancelled."
                + " Fix the handler: onToken and onToolCall must not throw.", e, false, ErrorInfo.NONE));
    }

    @Override
    public void cancel() {
        Attempt a;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            a = live;
        }
        if (a != null) {
            a.abort();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** One attempt on one deployment: forwards its output while it is the live attempt, ends exactly once. */
    private final class Attempt implements StreamHandler {
        private final Tracker tracker;
        private final ChatRequest req;
        private final long start;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile @Nullable StreamHandle handle;
        private volatile boolean firstSeen;

        Attempt(Tracker tracker, ChatRequest req, long start) {
            this.tracker = tracker;
            this.req = req;
            this.start = start;
        }

        void handle(StreamHandle h) {
            handle = h;
            if (ended.get() && cancelled) {
                h.cancel(); // cancelled while the delegate was starting
            }
        }

        /** Cancels this attempt and releases its slot, unless it already ended. */
        void abort() {
            if (ended.compareAndSet(false, true)) {
                tracker.ended();
            }
            StreamHandle h = handle;
            if (h != null) {
                h.cancel();
            }
        }

        @Override
        public void onStart(StreamHandle h) {
            handle = h;
        }

        private void first() {
            if (!firstSeen) {
                firstSeen = true;
                tracker.firstToken(pool.scheduler().nanoTime() - start);
            }
        }

        @Override
        public void onToken(String token) {
            if (ended.get() || !isLive(this)) {
                return;
            }
            first();
            tokens++;
            delivered.append(token);
            try {
                caller.onToken(token);
            } catch (RuntimeException e) {
                handlerFailed(this, e);
            }
        }

        @Override
        public void onToolCall(ToolCall toolCall) {
            if (ended.get() || !isLive(this)) {
                return;
            }
            first();
            toolCalls++;
            try {
                caller.onToolCall(toolCall);
            } catch (RuntimeException e) {
                handlerFailed(this, e);
            }
        }

        @Override
        public void onComplete(ChatResponse response) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            tracker.ended();
            tracker.succeeded(response, pool.scheduler().nanoTime() - start, call.tokens());
            if (isLive(this)) {
                complete(pool.answered(response, tracker));
            }
        }

        @Override
        public void onError(LlmException error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            tracker.ended();
            tracker.failed(error);
            if (tracker.coolingDown()) {
                pool.publishCooldown(tracker);
            }
            if (!isLive(this)) {
                return;
            }
            boolean output = tokens > 0 || toolCalls > 0;
            if (!output && call.mayFailOver(tracker, error) && !pool.deadlinePassed(req)) {
                attempt(req, tracker, error);
            } else {
                fail(error);
            }
        }
    }
}
