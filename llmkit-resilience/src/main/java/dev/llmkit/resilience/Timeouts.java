package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.TimeoutEvent;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.AttemptHandler;
import dev.llmkit.resilience.internal.SerialHandler;
import dev.llmkit.resilience.internal.Streams;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Time limits on a call: time to first token, idle gap between tokens (or tool calls), and total; the total is
 * further bounded by the request's {@link ChatRequest#deadline() deadline}, whichever comes first. A zero duration
 * disables that limit.
 *
 * <p>Streams: when a limit passes the underlying stream is cancelled (closing its connection) and the caller gets an
 * {@link LlmTimeoutException} — or, if output was already delivered, a {@link StreamInterruptedException} carrying
 * it. The expiry and the stream's callbacks are serialised: the caller never sees a token after the error, nor two
 * callbacks at once. Each stream holds exactly one timer on the {@link Scheduler} (not one per token), which leaves
 * the queue when the stream ends. The limit that ends a stream is reported once to the listener as a
 * {@link TimeoutEvent} (total, first token or idle); so is a sync call ended by the total limit this layer passed
 * down.
 *
 * <p>A sync {@code chat} is not streamed, so only the total limit applies to it; it is passed down as the request's
 * deadline, and every llmkit provider closes its HTTP call when that passes (a socket read cannot be interrupted).
 * A custom delegate must honour {@link ChatRequest#deadline()} itself, as {@link ChatModel#chat} requires.
 * (Connect timeouts belong to the provider's HTTP client: see its builder.)
 *
 * <pre>{@code
 * ChatModel model = Timeouts.of(provider, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60));
 * }</pre>
 */
public final class Timeouts implements ChatModel {
    /** Default time to first token. */
    public static final Duration DEFAULT_FIRST_TOKEN = Duration.ofSeconds(30);
    /** Default idle gap between tokens. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);
    /** Default total time. */
    public static final Duration DEFAULT_TOTAL = Duration.ofMinutes(5);

    private final ChatModel delegate;
    private final Duration firstToken;
    private final Duration idle;
    private final Duration total;
    /** The total in whole milliseconds (at least 1 when set), capped so that adding it to the clock cannot overflow. */
    private final long totalMillis;
    private final Scheduler scheduler;
    private final ChatModelListener listener;

    private Timeouts(ChatModel delegate, Duration firstToken, Duration idle, Duration total, Scheduler scheduler,
            ChatModelListener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.firstToken = nonNegative(firstToken, "firstToken");
        this.idle = nonNegative(idle, "idle");
        this.total = nonNegative(total, "total");
        this.totalMillis = total.isZero() ? 0 : Math.max(1, total.compareTo(Duration.ofDays(365_000)) > 0
                ? Duration.ofDays(365_000).toMillis() : total.toMillis());
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = ChatModelListener.safe(listener);
    }

    private static Duration nonNegative(Duration d, String what) {
        if (Objects.requireNonNull(d, what).isNegative()) {
            throw new IllegalArgumentException(what + " timeout must not be negative: " + d);
        }
        return d;
    }

    /** Limits with the system scheduler. */
    public static Timeouts of(ChatModel delegate, Duration firstToken, Duration idle, Duration total) {
        return builder(delegate).firstToken(firstToken).idle(idle).total(total).build();
    }

    /** Limits on a given scheduler. */
    public static Timeouts of(ChatModel delegate, Duration firstToken, Duration idle, Duration total, Scheduler scheduler) {
        return builder(delegate).firstToken(firstToken).idle(idle).total(total).scheduler(scheduler).build();
    }

    /** Starts a builder with the default limits. */
    public static Builder builder(ChatModel delegate) {
        return new Builder(delegate);
    }

    /**
     * Blocks until the answer arrives. The total limit (or the request's deadline, if sooner) travels down as the
     * request's deadline, which every llmkit provider enforces on its HTTP call: when it passes the connection is
     * closed and an {@link LlmTimeoutException} is thrown. No timer is scheduled.
     */
    @Override
    public ChatResponse chat(ChatRequest request) {
        long start = scheduler.currentTimeMillis();
        ChatRequest sent = request;
        if (!total.isZero()) {
            long limit = start + totalMillis;
            if (request.deadlineMillis() > limit) {
                sent = request.withDeadlineMillis(limit);
            }
        }
        try {
            return delegate.chat(sent);
        } catch (LlmTimeoutException e) {
            long bound = sent.deadlineMillis();
            long now = scheduler.currentTimeMillis();
            if (bound != ChatRequest.NO_DEADLINE && now >= bound) {
                // the total limit (this layer's, or the request's deadline when sooner) ended the call
                timedOut(sent, TimeoutEvent.Limit.TOTAL, Duration.ofMillis(bound - start), Duration.ofMillis(now - start));
            }
            throw e;
        }
    }

    private void timedOut(ChatRequest request, TimeoutEvent.Limit limit, Duration configured, Duration elapsed) {
        listener.onTimeout(TimeoutEvent.builder().request(request).component("timeouts").limit(limit)
                .configured(configured).elapsed(elapsed).build());
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        AttemptHandle handle = new AttemptHandle();
        SerialHandler out = new SerialHandler(Objects.requireNonNull(handler, "handler"), handle::cancel);
        if (!out.start(handle)) {
            return handle;
        }
        long left = Streams.nanosLeft(request, scheduler);
        if (left <= 0) {
            out.onError(Streams.deadlinePassed("the timeouts layer", request));
            return handle;
        }
        Watch watch = new Watch(request, handle, out, scheduler.nanoTime(), left);
        handle.onCancel(() -> {
            watch.stop();
            out.close();
        });
        int id = handle.begin();
        StreamHandler attempt = new AttemptHandler(handle, id, out) {
            @Override
            public void onToken(String token) {
                watch.output();
                super.onToken(token);
            }

            @Override
            public void onToolCall(ToolCall toolCall) {
                watch.output();
                super.onToolCall(toolCall);
            }

            @Override
            protected ChatResponse completed(ChatResponse response) {
                watch.stop();
                return response;
            }

            @Override
            protected void failed(LlmException error) {
                watch.stop();
                out.onError(error);
            }
        };
        watch.arm(watch.start);
        if (out.isDone()) {
            return handle; // the timer could not be set: the caller has its error, nothing is sent
        }
        handle.set(id, Streams.start(delegate, request, attempt));
        return handle;
    }

    /**
     * The one timer of one stream. It is scheduled for the earliest moment a limit could pass; when it fires it reads
     * the time of the last output and either ends the stream or re-arms itself for the next such moment. Tokens only
     * write a timestamp, so a stream of any length holds at most one queued timer, and none once it has ended.
     */
    private final class Watch implements Runnable {
        private final ChatRequest request;
        private final AttemptHandle handle;
        private final SerialHandler out;
        private final long start;
        private final long totalNanos;
        private final boolean deadlineBinds;
        volatile long lastOutput = Long.MIN_VALUE;
        private volatile Scheduler.@Nullable Cancellable timer;
        private volatile boolean stopped;
        /** Bumped whenever a timer is armed or the watch stops; a timer of an older generation does nothing. */
        private long generation;

        Watch(ChatRequest request, AttemptHandle handle, SerialHandler out, long start, long deadlineLeft) {
            this.request = request;
            this.handle = handle;
            this.out = out;
            this.start = start;
            long own = total.toNanos();
            this.totalNanos = Streams.bound(own, deadlineLeft);
            this.deadlineBinds = deadlineLeft != Streams.NO_DEADLINE && (own == 0 || deadlineLeft < own);
        }

        /** The next moment (scheduler nanos) a limit could pass, given the output seen so far. */
        private long nextDue() {
            long due = totalNanos == Streams.NO_DEADLINE ? Long.MAX_VALUE : start + totalNanos;
            long last = lastOutput;
            if (last == Long.MIN_VALUE) {
                if (!firstToken.isZero()) {
                    due = Math.min(due, start + firstToken.toNanos());
                }
            } else if (!idle.isZero()) {
                due = Math.min(due, last + idle.toNanos());
            }
            return due;
        }

        /** Schedules the one timer for the next due moment; a timer armed earlier can no longer act. */
        synchronized void arm(long now) {
            cancelTimer();
            long due = nextDue();
            generation++;
            if (due == Long.MAX_VALUE || stopped) {
                return;
            }
            long g = generation;
            Scheduler.Cancellable t = Streams.trySchedule(scheduler, Duration.ofNanos(Math.max(0, due - now)),
                    () -> fire(g));
            if (t == null) {
                stopped = true;
                handle.cancelLive();
                out.failAfterOutput(Streams.schedulerRejected("the timeouts layer"));
                return;
            }
            timer = t;
        }

        /**
         * Notes output. Only the first output can bring the next due moment forward (from the first-token limit to
         * the idle limit); then the timer is re-armed once. Later outputs only move it back, which the timer
         * discovers when it fires.
         */
        void output() {
            long now = scheduler.nanoTime();
            boolean first = lastOutput == Long.MIN_VALUE;
            lastOutput = now;
            if (first && !idle.isZero() && (firstToken.isZero() || idle.compareTo(firstToken) < 0)) {
                arm(now);
            }
        }

        synchronized void stop() {
            stopped = true;
            generation++;
            cancelTimer();
        }

        private void cancelTimer() {
            Scheduler.Cancellable t = timer;
            if (t != null) {
                timer = null;
                t.cancel();
            }
        }

        private void fire(long g) {
            synchronized (this) {
                if (g != generation) {
                    return; // replaced by a newer timer, or stopped
                }
                timer = null;
            }
            run();
        }

        @Override
        public void run() {
            if (stopped || out.isDone()) {
                return;
            }
            long now = scheduler.nanoTime();
            long last = lastOutput;
            String message;
            TimeoutEvent.Limit limit;
            long configured;
            if (totalNanos != Streams.NO_DEADLINE && now - start >= totalNanos) {
                message = deadlineBinds
                        ? "No complete answer by the request's deadline (" + request.deadline().orElseThrow() + ")"
                        : "No complete answer within the total timeout of " + total.toMillis() + " ms";
                limit = TimeoutEvent.Limit.TOTAL;
                configured = totalNanos;
            } else if (last == Long.MIN_VALUE && !firstToken.isZero() && now - start >= firstToken.toNanos()) {
                message = "No first token within the first-token timeout of " + firstToken.toMillis() + " ms";
                limit = TimeoutEvent.Limit.FIRST_TOKEN;
                configured = firstToken.toNanos();
            } else if (last != Long.MIN_VALUE && !idle.isZero() && now - last >= idle.toNanos()) {
                message = "No token for " + idle.toMillis() + " ms after the last one (idle timeout)";
                limit = TimeoutEvent.Limit.IDLE;
                configured = idle.toNanos();
            } else {
                arm(now);
                return;
            }
            timedOut(request, limit, Duration.ofNanos(configured), Duration.ofNanos(now - start));
            stopped = true;
            handle.cancelLive();
            LlmTimeoutException timeout = new LlmTimeoutException(message + " from " + delegate.info().model()
                    + "; the stream was cancelled. Retry, fall back, or raise the limit.", null, ErrorInfo.NONE);
            out.failAfterOutput(timeout);
        }
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "Timeouts(" + delegate + ")";
    }

    /** Builds {@link Timeouts}; a zero duration disables that limit. */
    public static final class Builder {
        private final ChatModel delegate;
        private Duration firstToken = DEFAULT_FIRST_TOKEN;
        private Duration idle = DEFAULT_IDLE;
        private Duration total = DEFAULT_TOTAL;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;

        private Builder(ChatModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** Time to first token; default {@link #DEFAULT_FIRST_TOKEN}. */
        public Builder firstToken(Duration firstToken) {
            this.firstToken = Objects.requireNonNull(firstToken, "firstToken");
            return this;
        }

        /** Longest gap between tokens; default {@link #DEFAULT_IDLE}. */
        public Builder idle(Duration idle) {
            this.idle = Objects.requireNonNull(idle, "idle");
            return this;
        }

        /** Total time; default {@link #DEFAULT_TOTAL}. */
        public Builder total(Duration total) {
            this.total = Objects.requireNonNull(total, "total");
            return this;
        }

        /** Time source and timer; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives a timeout event for every limit that ends a call. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the limits. */
        public Timeouts build() {
            return new Timeouts(delegate, firstToken, idle, total, scheduler, listener);
        }
    }
}
