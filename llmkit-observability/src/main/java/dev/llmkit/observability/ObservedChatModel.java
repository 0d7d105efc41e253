package dev.llmkit.observability;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.observability.internal.CallState;
import dev.llmkit.observability.internal.Calls;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * One observed logical call per request ({@link Observability#observe}): starts the call's operation on every
 * observer, keeps it current (and the call id in the MDC) on the calling thread while the delegate runs, and ends it
 * exactly once, on completion, failure or cancellation.
 */
final class ObservedChatModel implements ChatModel {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObservedChatModel.class);
    /** The MDC key of the call id while an observed call runs on a thread. */
    static final String MDC_CALL_ID = "llmkit.call_id";

    private final ChatModel delegate;
    private final Calls calls;
    private final CallObserver observers;
    private final Clock clock;

    ObservedChatModel(ChatModel delegate, Calls calls, CallObserver observers, Clock clock) {
        this.delegate = delegate;
        this.calls = calls;
        this.observers = observers;
        this.clock = clock;
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    private String model(ChatRequest request) {
        return request.model().orElseGet(() -> delegate.info().model());
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        if (calls.isRunning(request.context().callId())) {
            return delegate.chat(request);
        }
        Call call = start(request);
        if (call == null) {
            return delegate.chat(request);
        }
        ChatResponse response;
        try (Current c = call.current()) {
            response = delegate.chat(request);
        } catch (RuntimeException | Error e) {
            call.end(Outcome.Status.ERROR, null, e);
            throw e;
        }
        call.end(Outcome.Status.OK, response, null);
        return response;
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Call call = calls.isRunning(request.context().callId()) ? null : start(request);
        if (call == null) {
            return delegate.stream(request, handler);
        }
        call.state.streaming();
        Handler h = new Handler(handler, call);
        StreamHandle inner;
        try (Current c = call.current()) {
            inner = delegate.stream(request, h);
        } catch (RuntimeException e) {
            // a broken delegate: the caller still gets onStart, then one onError, and stream() does not throw
            h.failed(ChatModel.unwrap(e));
            return h.wrap(StreamHandle.ended());
        } catch (Error e) {
            call.end(Outcome.Status.ERROR, null, e);
            throw e;
        }
        return h.wrap(inner);
    }

    private @Nullable Call start(ChatRequest request) {
        String model = model(request);
        java.time.Instant start = clock.instant();
        CallState state = new CallState(request, model, start, System.nanoTime());
        if (!calls.start(state)) {
            return null;
        }
        OperationScope scope = observers.onStart(Operation.chat(request, model, start));
        return new Call(state, scope);
    }

    @Override
    public String toString() {
        return "Observed(" + delegate + ")";
    }

    /** The observers' scopes made current, and the call id in the MDC. */
    private interface Current extends AutoCloseable {
        @Override
        void close();
    }

    /** One running observed call; ends once. */
    private final class Call {
        final CallState state;
        final OperationScope scope;
        final AtomicBoolean ended = new AtomicBoolean();

        Call(CallState state, OperationScope scope) {
            this.state = state;
            this.scope = scope;
        }

        Current current() {
            OperationScope.Current made = scope.makeCurrent();
            String previous = MDC.get(MDC_CALL_ID);
            MDC.put(MDC_CALL_ID, state.request().context().callId());
            return () -> {
                if (previous == null) {
                    MDC.remove(MDC_CALL_ID);
                } else {
                    MDC.put(MDC_CALL_ID, previous);
                }
                made.close();
            };
        }

        /** Ends the call; false when it had already ended. */
        boolean end(Outcome.Status status, @Nullable ChatResponse response, @Nullable Throwable error) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            long now = System.nanoTime();
            calls.end(state);
            CallRecord record = state.record(status, response, error, now);
            scope.end(Outcome.of(record));
            try (Current c = current()) {
                observers.onCall(record);
            }
            return true;
        }
    }

    /**
     * Counts chunks and ends the call at the stream's one terminal callback or its cancellation; forwards at most one
     * terminal callback, none after a cancellation, and always {@code onStart} first.
     */
    private static final class Handler implements StreamHandler {
        private final StreamHandler downstream;
        private final Call call;
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicBoolean terminated = new AtomicBoolean();

        Handler(StreamHandler downstream, Call call) {
            this.downstream = downstream;
            this.call = call;
        }

        /**
         * The one handle the caller gets, from {@code onStart} and from {@code stream} alike: it cancels the
         * delegate's stream (first, so the provider's cancel event reaches the attempt's span) and ends the call.
         */
        private final StreamHandle outer = new StreamHandle() {
            @Override
            public void cancel() {
                if (!cancelled.compareAndSet(false, true)) {
                    return;
                }
                try {
                    for (StreamHandle h : inners) {
                        h.cancel();
                    }
                } finally {
                    terminated.set(true);
                    call.end(Outcome.Status.CANCELLED, null, null);
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final java.util.List<StreamHandle> inners = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** The caller's handle, now also controlling {@code inner}. */
        StreamHandle wrap(StreamHandle inner) {
            if (!inners.contains(inner)) {
                inners.add(inner);
                if (cancelled.get()) {
                    inner.cancel();
                }
            }
            return outer;
        }

        @Override
        public void onStart(StreamHandle handle) {
            StreamHandle h = wrap(handle);
            if (started.compareAndSet(false, true)) {
                downstream.onStart(h);
            }
        }

        @Override
        public void onToken(String token) {
            call.state.chunk(System.nanoTime());
            downstream.onToken(token);
        }

        @Override
        public void onToolCall(ToolCall toolCall) {
            downstream.onToolCall(toolCall);
        }

        @Override
        public void onComplete(ChatResponse response) {
            call.end(Outcome.Status.OK, response, null);
            if (terminated.compareAndSet(false, true)) {
                downstream.onComplete(response);
            }
        }

        @Override
        public void onError(LlmException error) {
            call.end(Outcome.Status.ERROR, null, error);
            if (terminated.compareAndSet(false, true)) {
                downstream.onError(error);
            }
        }

        /** The delegate threw from {@code stream}: one onStart (if none came) and one onError, never a throw. */
        void failed(LlmException error) {
            try {
                if (started.compareAndSet(false, true)) {
                    downstream.onStart(outer);
                }
                onError(error);
            } catch (RuntimeException e) {
                LOG.warn("A stream handler threw from its terminal callback; the stream has ended", e);
            }
        }
    }
}
