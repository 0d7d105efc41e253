package dev.llmkit.resilience.internal;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The one failure path every decorator shares: starting a delegate's stream, and deadlines. */
public final class Streams {
    /** A handle for a stream that already ended. */
    public static final StreamHandle ENDED = StreamHandle.ended();

    /** No deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private Streams() {}

    /**
     * Starts {@code model}'s stream; anything it throws (a broken delegate, a {@code RuntimeException}) reaches
     * {@code handler} as its one {@code onError} instead of the caller's stack.
     */
    public static StreamHandle start(ChatModel model, ChatRequest request, StreamHandler handler) {
        try {
            return model.stream(request, handler);
        } catch (RuntimeException e) {
            handler.onError(asLlm(e, model));
            return ENDED;
        }
    }

    /**
     * Calls the caller's {@code onStart} with the handle the decorator returns. When it throws, the caller gets its
     * one {@code onError} and false comes back: start nothing.
     */
    public static boolean announce(StreamHandler handler, StreamHandle handle) {
        try {
            handler.onStart(handle);
            return true;
        } catch (RuntimeException e) {
            handler.onError(new LlmException("The stream handler threw " + e.getClass().getName() + " from onStart;"
                    + " the stream was not started. Fix the handler: onStart must not throw.", e, false, ErrorInfo.NONE));
            return false;
        }
    }

    /** {@code e} as an {@link LlmException}: itself, or a non-retryable one saying which model failed how. */
    public static LlmException asLlm(RuntimeException e, Object model) {
        if (e instanceof LlmException l) {
            return l;
        }
        return new LlmException(model + " failed unexpectedly with " + e + "; this is a bug in that model or a"
                + " decorator, not a provider error. It was not retried.", e, false, ErrorInfo.NONE);
    }

    /**
     * Nanoseconds left until the request's deadline, {@link #NO_DEADLINE} when it has none; zero or less when it has
     * passed.
     */
    public static long nanosLeft(ChatRequest request, Scheduler scheduler) {
        Optional<Instant> deadline = request.deadline();
        if (deadline.isEmpty()) {
            return NO_DEADLINE;
        }
        Instant now = scheduler.now();
        Instant d = deadline.get();
        if (!d.isAfter(now)) {
            return 0;
        }
        try {
            return Duration.between(now, d).toNanos();
        } catch (ArithmeticException far) {
            return NO_DEADLINE;
        }
    }

    /** {@code own} (nanoseconds, zero meaning "no limit") bounded by {@code left}; {@link #NO_DEADLINE} for none. */
    public static long bound(long own, long left) {
        return own <= 0 ? left : Math.min(own, left);
    }

    /** The error for a call whose deadline had passed before a layer could act. */
    public static LlmTimeoutException deadlinePassed(String layer, ChatRequest request) {
        return new LlmTimeoutException("The request's deadline (" + request.deadline().map(Instant::toString).orElse("?")
                + ") passed before " + layer + " could start the call; raise the deadline or shorten the work before"
                + " it.", null, ErrorInfo.NONE);
    }
}
