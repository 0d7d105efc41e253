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
import dev.llmkit.resilience.internal.OnceHandler;
import dev.llmkit.resilience.internal.SwitchableHandle;
import java.time.Duration;
import java.util.Objects;

/**
 * Time limits on a call, enforced on the {@link Scheduler}: time to first token, idle gap between tokens, and total.
 * When one passes the underlying stream is cancelled (closing its connection) and the caller gets an
 * {@link LlmTimeoutException} — or, if tokens were already delivered, a {@link StreamInterruptedException} carrying
 * them. A zero duration disables that limit. A sync {@code chat} is not streamed, so only the total limit applies to
 * it: when it passes, the calling thread's blocked call is interrupted (OkHttp then abandons the request) and an
 * {@link LlmTimeoutException} is thrown; the thread's interrupt flag is cleared again.
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
    private final Scheduler scheduler;

    private Timeouts(ChatModel delegate, Duration firstToken, Duration idle, Duration total, Scheduler scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.firstToken = nonNegative(firstToken, "firstToken");
        this.idle = nonNegative(idle, "idle");
        this.total = nonNegative(total, "total");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    private static Duration nonNegative(Duration d, String what) {
        if (Objects.requireNonNull(d, what).isNegative()) {
            throw new IllegalArgumentException(what + " timeout must not be negative: " + d);
        }
        return d;
    }

    /** Limits with the system scheduler. */
    public static Timeouts of(ChatModel delegate, Duration firstToken, Duration idle, Duration total) {
        return new Timeouts(delegate, firstToken, idle, total, Scheduler.system());
    }

    /** Limits on a given scheduler. */
    public static Timeouts of(ChatModel delegate, Duration firstToken, Duration idle, Duration total, Scheduler scheduler) {
        return new Timeouts(delegate, firstToken, idle, total, scheduler);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        if (total.isZero()) {
            return delegate.chat(request);
        }
        Thread caller = Thread.currentThread();
        Object lock = new Object();
        boolean[] state = new boolean[2]; // [0] finished, [1] fired
        Scheduler.Cancellable timer = scheduler.schedule(total, () -> {
            synchronized (lock) {
                if (!state[0]) {
                    state[1] = true;
                    caller.interrupt();
                }
            }
        });
        try {
            return delegate.chat(request);
        } catch (LlmException e) {
            synchronized (lock) {
                if (state[1]) {
                    throw new LlmTimeoutException("No answer within the total timeout of " + total.toMillis()
                            + " ms from " + delegate.info().model() + "; the call was abandoned. Retry, fall back, or"
                            + " raise the timeout.", e, e.info());
                }
            }
            throw e;
        } finally {
            synchronized (lock) {
                state[0] = true;
            }
            timer.cancel();
            if (state[1]) {
                Thread.interrupted();
            }
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        SwitchableHandle handle = new SwitchableHandle();
        OnceHandler once = new OnceHandler(handler, handle);
        Timer timer = new Timer(handle, once);
        timer.arm(firstToken, "first token");
        Scheduler.Cancellable totalTimer = total.isZero() ? () -> { } : scheduler.schedule(total, () -> timer.fire("total", total));
        try {
            handle.switchTo(delegate.stream(request, new StreamHandler() {
                @Override
                public void onToken(String token) {
                    timer.arm(idle, "idle");
                    once.onToken(token);
                }

                @Override
                public void onToolCall(ToolCall toolCall) {
                    once.onToolCall(toolCall);
                }

                @Override
                public void onComplete(ChatResponse response) {
                    timer.disarm();
                    totalTimer.cancel();
                    once.onComplete(response);
                }

                @Override
                public void onError(LlmException error) {
                    timer.disarm();
                    totalTimer.cancel();
                    once.onError(error);
                }
            }));
        } catch (LlmException e) {
            timer.disarm();
            totalTimer.cancel();
            throw e;
        }
        return handle;
    }

    /** The current first-token or idle timer of one stream. */
    private final class Timer {
        private final SwitchableHandle handle;
        private final OnceHandler once;
        private Scheduler.Cancellable current;
        private long generation;

        Timer(SwitchableHandle handle, OnceHandler once) {
            this.handle = handle;
            this.once = once;
        }

        synchronized void arm(Duration d, String what) {
            disarm();
            if (d.isZero()) {
                return;
            }
            long g = ++generation;
            current = scheduler.schedule(d, () -> {
                synchronized (Timer.this) {
                    if (g != generation) {
                        return;
                    }
                }
                fire(what, d);
            });
        }

        synchronized void disarm() {
            generation++;
            if (current != null) {
                current.cancel();
                current = null;
            }
        }

        void fire(String what, Duration d) {
            if (once.isDone()) {
                return;
            }
            handle.cancelCurrentOnly();
            LlmTimeoutException timeout = new LlmTimeoutException("No " + (what.equals("total") ? "complete answer"
                    : what.equals("idle") ? "token for " + d.toMillis() + " ms after the last one" : "first token")
                    + " within the " + what + " timeout of " + d.toMillis() + " ms from " + delegate.info().model()
                    + "; the stream was cancelled. Retry, fall back, or raise the timeout.", null, ErrorInfo.NONE);
            int tokens = once.tokens();
            once.onError(tokens == 0 ? timeout : new StreamInterruptedException(timeout.getMessage(), timeout,
                    ErrorInfo.NONE, once.delivered(), tokens));
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
}
