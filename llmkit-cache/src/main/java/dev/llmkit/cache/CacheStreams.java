package dev.llmkit.cache;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache's streams: a hit replayed, a miss streamed through and stored, an identical call waited for. */
final class CacheStreams {
    private static final Logger LOG = LoggerFactory.getLogger(CacheStreams.class);
    /** Splits after whitespace, so that the pieces concatenate to the text. */
    private static final Pattern WORDS = Pattern.compile("(?<=\\s)(?=\\S)");

    private CacheStreams() {}

    /** {@code model}'s stream of {@code request}; a model that throws from {@code stream} ends it with onError. */
    static StreamHandle through(ChatModel model, ChatRequest request, StreamHandler handler) {
        try {
            return model.stream(request, handler);
        } catch (RuntimeException e) {
            StreamHandle ended = StreamHandle.ended();
            handler.onStart(ended);
            handler.onError(bug(model, e));
            return ended;
        }
    }

    private static LlmException bug(ChatModel model, RuntimeException e) {
        return e instanceof LlmException l ? l : new LlmException(model + " threw " + e.getClass().getName()
                + " from stream() instead of reporting it to the handler; this is a bug in that model.", e, false,
                ErrorInfo.NONE);
    }

    /** Replays {@code response} to {@code handler} on the calling thread: onStart, words, tool calls, onComplete. */
    static StreamHandle replay(ChatResponse response, StreamHandler handler) {
        Replay r = new Replay();
        r.run(response, handler, true);
        return r;
    }

    /** A handle for a replay: cancelling stops it between two callbacks. */
    private static class Replay implements StreamHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        /** Replays; returns false when the handler was cancelled or failed (then no onComplete was made). */
        boolean run(ChatResponse response, StreamHandler handler, boolean start) {
            try {
                if (start) {
                    handler.onStart(this);
                }
            } catch (RuntimeException e) {
                handler.onError(new LlmException("The stream handler's onStart threw " + e + "; the stream was not"
                        + " started. Fix the handler: onStart must not throw.", e, false, ErrorInfo.NONE));
                return false;
            }
            try {
                if (!response.text().isEmpty()) {
                    for (String piece : WORDS.split(response.text())) {
                        if (isCancelled()) {
                            return false;
                        }
                        handler.onToken(piece);
                    }
                }
                for (ToolCall c : response.message().toolCalls()) {
                    if (isCancelled()) {
                        return false;
                    }
                    handler.onToolCall(c);
                }
            } catch (RuntimeException e) {
                cancel();
                handler.onError(new LlmException("The stream handler threw " + e + " while a cached answer was"
                        + " replayed; the stream ended.", e, false, ErrorInfo.NONE));
                return false;
            }
            if (isCancelled()) {
                return false;
            }
            complete(handler, response);
            return true;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    private static void complete(StreamHandler handler, ChatResponse response) {
        try {
            handler.onComplete(response);
        } catch (RuntimeException e) {
            LOG.warn("A stream handler's onComplete threw; the stream had ended", e);
        }
    }

    private static void error(StreamHandler handler, LlmException error) {
        try {
            handler.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("A stream handler's onError threw; the stream had ended", e);
        }
    }

    /** Streams a miss from the model; stores it when it completes and hands it to identical calls waiting. */
    static StreamHandle lead(ResponseCache cache, Lookup lookup,
            CompletableFuture<@Nullable ChatResponse> mine, ChatRequest request, StreamHandler handler) {
        Leading leading = new Leading(cache, lookup, mine, request, handler);
        StreamHandle inner = through(cache.delegate(), request, leading);
        leading.inner = inner;
        return leading;
    }

    /** Forwards the model's stream, and settles the single flight exactly once, however the stream ends. */
    private static final class Leading implements StreamHandler, StreamHandle {
        private final ResponseCache cache;
        private final Lookup lookup;
        private final CompletableFuture<@Nullable ChatResponse> mine;
        private final ChatRequest request;
        private final StreamHandler out;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        volatile @Nullable StreamHandle inner;

        Leading(ResponseCache cache, Lookup lookup, CompletableFuture<@Nullable ChatResponse> mine,
                ChatRequest request, StreamHandler out) {
            this.cache = cache;
            this.lookup = lookup;
            this.mine = mine;
            this.request = request;
            this.out = out;
        }

        @Override
        public void onStart(StreamHandle handle) {
            inner = handle;
            out.onStart(this);
        }

        @Override
        public void onToken(String token) {
            out.onToken(token);
        }

        @Override
        public void onToolCall(ToolCall toolCall) {
            out.onToolCall(toolCall);
        }

        @Override
        public void onComplete(ChatResponse response) {
            boolean shared = false;
            if (!cancelled.get()) {
                try {
                    shared = cache.store(lookup, request, response);
                } catch (RuntimeException e) {
                    LOG.warn("The cache failed to store a streamed answer", e);
                }
            }
            complete(out, response);
            settle(shared ? response : null);
        }

        @Override
        public void onError(LlmException error) {
            error(out, error);
            settle(null);
        }

        private void settle(@Nullable ChatResponse shared) {
            if (settled.compareAndSet(false, true)) {
                cache.done(lookup.key, mine, shared);
            }
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            StreamHandle h = inner;
            if (h != null) {
                h.cancel();
            }
            settle(null);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    /**
     * Waits for an identical call in flight: replays its answer when it completes and may be shared, else streams its
     * own call to the model. The wait ends by the request's deadline; cancelling ends it at once.
     */
    static StreamHandle follow(ResponseCache cache, CompletableFuture<@Nullable ChatResponse> leader,
            ChatRequest request, StreamHandler handler) {
        Following f = new Following(cache, request, handler);
        handler.onStart(f);
        long deadline = request.deadlineMillis();
        if (deadline != ChatRequest.NO_DEADLINE) {
            Scheduler s = cache.scheduler();
            long left = Math.max(0, deadline - s.currentTimeMillis());
            f.timer = s.schedule(java.time.Duration.ofMillis(left), f::timedOut);
        }
        leader.whenComplete((r, e) -> f.leaderEnded(r));
        return f;
    }

    private static final class Following implements StreamHandle, StreamHandler {
        private final ResponseCache cache;
        private final ChatRequest request;
        private final StreamHandler out;
        /** Set by whoever ends the wait first: the leader, the timer or a cancel. */
        private final AtomicBoolean decided = new AtomicBoolean();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        volatile Scheduler.@Nullable Cancellable timer;
        private volatile @Nullable StreamHandle own;

        Following(ResponseCache cache, ChatRequest request, StreamHandler out) {
            this.cache = cache;
            this.request = request;
            this.out = out;
        }

        void leaderEnded(@Nullable ChatResponse shared) {
            if (!decided.compareAndSet(false, true)) {
                return;
            }
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            if (shared != null) {
                new Replay() {
                    @Override
                    public boolean isCancelled() {
                        return cancelled.get();
                    }
                }.run(cache.hit(request, shared, ResponseCache.EXACT, 1.0), this, false);
                return;
            }
            own = through(cache.delegate(), request, this); // the call it waited for failed: its own call
            if (cancelled.get()) {
                StreamHandle h = own;
                if (h != null) {
                    h.cancel();
                }
            }
        }

        void timedOut() {
            if (decided.compareAndSet(false, true)) {
                error(out, new LlmTimeoutException("The call's deadline passed while it waited for an identical"
                        + " call in flight to the model (single flight); give it a later deadline.", null,
                        ErrorInfo.NONE));
            }
        }

        // the replayed answer's callbacks, or its own call's; silenced once cancelled. The caller already has this
        // handle from onStart.
        @Override
        public void onStart(StreamHandle handle) {
            own = handle;
        }

        @Override
        public void onToken(String token) {
            if (!cancelled.get()) {
                out.onToken(token);
            }
        }

        @Override
        public void onToolCall(ToolCall toolCall) {
            if (!cancelled.get()) {
                out.onToolCall(toolCall);
            }
        }

        @Override
        public void onComplete(ChatResponse response) {
            if (!cancelled.get()) {
                complete(out, response);
            }
        }

        @Override
        public void onError(LlmException error) {
            if (!cancelled.get()) {
                error(out, error);
            }
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            if (decided.compareAndSet(false, true)) {
                Scheduler.Cancellable t = timer;
                if (t != null) {
                    t.cancel();
                }
            }
            StreamHandle h = own;
            if (h != null) {
                h.cancel();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
