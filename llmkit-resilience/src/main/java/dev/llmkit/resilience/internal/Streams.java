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
import org.jspecify.annotations.Nullable;

/** The one failure path every decorator shares: starting a delegate's stream, and deadlines. */
public final class Streams {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Streams.class);

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
            return StreamHandle.ended();
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

    /**
     * Schedules {@code task}, or returns null when the scheduler refuses (an executor that was shut down): the caller
     * then fails its call through the handler instead of throwing.
     */
    public static Scheduler.@Nullable Cancellable trySchedule(Scheduler scheduler, Duration delay, Runnable task) {
        try {
            return scheduler.schedule(delay, task);
        } catch (RuntimeException e) {
            LOG.warn("The scheduler refused a task ({}); failing the call that needed it", e.toString());
            return null;
        }
    }

    /** The error for a call whose timer the scheduler refused. */
    public static LlmException schedulerRejected(String layer) {
        return new LlmException("The scheduler refused the timer " + layer + " needs (was its executor shut down?);"
                + " the call was not made. Pass a running Scheduler.", null, false, ErrorInfo.NONE);
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
