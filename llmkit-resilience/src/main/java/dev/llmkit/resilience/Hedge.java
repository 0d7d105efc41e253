package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.HedgeEvent;
import dev.llmkit.resilience.internal.SerialHandler;
import dev.llmkit.resilience.internal.Streams;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * Hedged requests: sends the call to the primary and, if it has produced no token after {@code delay} (or failed
 * before one), also to the secondary. The first to deliver a token wins; the other is cancelled, so the caller sees one
 * answer and no duplicated text. The answer records {@code llmkit.hedge} = {@code primary} or {@code secondary}.
 * The second attempt is the call's next attempt ({@link ChatRequest#nextAttempt()}) and is reported to the listener
 * as a {@link HedgeEvent} just before it starts.
 * Use it for latency-critical calls with a spare deployment; it can double the load on slow days. A tool call counts
 * like a token. An attempt whose model throws (even a {@code RuntimeException}) counts as a failed attempt;
 * {@code stream} never throws.
 *
 * <pre>{@code
 * ChatModel fast = Hedge.of(gpu1, gpu2, Duration.ofMillis(800));
 * }</pre>
 */
public final class Hedge implements ChatModel {
    /** Attribute naming the attempt that answered. */
    public static final String ATTR_HEDGE = "llmkit.hedge";

    private final ChatModel primary;
    private final ChatModel secondary;
    private final Duration delay;
    private final Scheduler scheduler;
    private final ChatModelListener listener;

    private Hedge(ChatModel primary, ChatModel secondary, Duration delay, Scheduler scheduler,
            ChatModelListener listener) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.secondary = Objects.requireNonNull(secondary, "secondary");
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = ChatModelListener.safe(listener);
    }

    /** Hedges {@code primary} with {@code secondary} after {@code delay}, on the system scheduler. */
    public static Hedge of(ChatModel primary, ChatModel secondary, Duration delay) {
        return builder(primary, secondary, delay).build();
    }

    /** Hedges on a given scheduler. */
    public static Hedge of(ChatModel primary, ChatModel secondary, Duration delay, Scheduler scheduler) {
        return builder(primary, secondary, delay).scheduler(scheduler).build();
    }

    /** Starts a builder that hedges {@code primary} with {@code secondary} after {@code delay}. */
    public static Builder builder(ChatModel primary, ChatModel secondary, Duration delay) {
        return new Builder(primary, secondary, delay);
    }

    /** Blocks the calling thread until the winning attempt completes. */
    @Override
    public ChatResponse chat(ChatRequest request) {
        try {
            return chatAsync(request).join();
        } catch (CompletionException e) {
            throw ChatModel.unwrap(e);
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Race race = new Race(request, Objects.requireNonNull(handler, "handler"));
        if (!race.handler.start(race)) {
            return race;
        }
        race.start(0);
        if (Streams.nanosLeft(request, scheduler) <= delay.toNanos()) {
            return race; // the deadline comes before the hedge would: no second call
        }
        Scheduler.Cancellable timer = Streams.trySchedule(scheduler, delay, () -> race.start(1));
        if (timer == null) {
            return race; // no hedge without a timer: the primary answers alone
        }
        race.timer = timer;
        if (race.settled()) {
            timer.cancel(); // the primary answered or failed before the timer was set
        }
        return race;
    }

    /** The two attempts of one call. */
    private final class Race implements StreamHandle {
        private final ChatRequest request;
        private final SerialHandler handler;
        private final long startedAt = scheduler.nanoTime();
        private final StreamHandle[] handles = new StreamHandle[2];
        private final boolean[] started = new boolean[2];
        private final boolean[] failed = new boolean[2];
        private int winner = -1;
        private boolean finished;
        private boolean cancelled;
        volatile Scheduler.Cancellable timer;

        Race(ChatRequest request, StreamHandler handler) {
            this.request = request;
            this.handler = new SerialHandler(handler, this::cancel);
        }

        void start(int who) {
            synchronized (this) {
                if (started[who] || finished || cancelled || winner >= 0) {
                    return;
                }
                started[who] = true;
            }
            ChatRequest attempt = request;
            if (who == 1) {
                // the hedged attempt is the call's next attempt, and is reported before it starts
                attempt = request.nextAttempt();
                listener.onHedge(HedgeEvent.builder().request(attempt).component("hedge")
                        .delay(Duration.ofNanos(scheduler.nanoTime() - startedAt)).build());
            }
            StreamHandle h = Streams.start(who == 0 ? primary : secondary, attempt, attemptHandler(who));
            boolean cancelNow;
            synchronized (this) {
                handles[who] = h;
                cancelNow = cancelled || (winner >= 0 && winner != who) || finished && winner != who;
            }
            if (cancelNow) {
                h.cancel();
            }
        }

        private StreamHandler attemptHandler(int who) {
            return new StreamHandler() {
                @Override
                public void onToken(String token) {
                    if (claim(who)) {
                        handler.onToken(token);
                    }
                }

                @Override
                public void onToolCall(ToolCall toolCall) {
                    if (claim(who)) {
                        handler.onToolCall(toolCall);
                    }
                }

                @Override
                public void onComplete(ChatResponse response) {
                    if (claim(who) && end()) {
                        handler.onComplete(response.withAttribute(ATTR_HEDGE, who == 0 ? "primary" : "secondary"));
                    }
                }

                @Override
                public void onError(LlmException error) {
                    boolean forward;
                    boolean startOther = false;
                    synchronized (Race.this) {
                        if (finished || cancelled) {
                            return;
                        }
                        failed[who] = true;
                        if (winner == who) {
                            forward = true;
                        } else if (winner < 0 && !started[1 - who]) {
                            forward = false;
                            startOther = true;
                        } else {
                            forward = winner < 0 && failed[1 - who];
                        }
                    }
                    if (startOther) {
                        start(1 - who);
                    } else if (forward && end()) {
                        handler.failAfterOutput(error);
                    }
                }
            };
        }

        /** Makes {@code who} the winner if nobody is; cancels the loser; returns whether {@code who} may speak. */
        private boolean claim(int who) {
            StreamHandle loser = null;
            synchronized (this) {
                if (finished || cancelled) {
                    return false;
                }
                if (winner < 0) {
                    winner = who;
                    loser = handles[1 - who];
                }
                if (winner != who) {
                    return false;
                }
            }
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            if (loser != null) {
                loser.cancel();
            }
            return true;
        }

        /** Whether a winner was chosen, the call ended or was cancelled: no hedge is needed any more. */
        synchronized boolean settled() {
            return winner >= 0 || finished || cancelled || started[1];
        }

        private boolean end() {
            synchronized (this) {
                if (finished || cancelled) {
                    return false;
                }
                finished = true;
            }
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            return true;
        }

        @Override
        public void cancel() {
            StreamHandle[] hs;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                hs = handles.clone();
            }
            handler.close();
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            for (StreamHandle h : hs) {
                if (h != null) {
                    h.cancel();
                }
            }
        }

        @Override
        public synchronized boolean isCancelled() {
            return cancelled;
        }
    }

    @Override
    public ModelInfo info() {
        return primary.info();
    }

    @Override
    public String toString() {
        return "Hedge(" + primary + ", " + secondary + " after " + delay.toMillis() + " ms)";
    }

    /** Builds a {@link Hedge}. */
    public static final class Builder {
        private final ChatModel primary;
        private final ChatModel secondary;
        private final Duration delay;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;

        private Builder(ChatModel primary, ChatModel secondary, Duration delay) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.secondary = Objects.requireNonNull(secondary, "secondary");
            this.delay = Objects.requireNonNull(delay, "delay");
        }

        /** Times the hedge; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives a hedge event for every second attempt launched. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the hedge. */
        public Hedge build() {
            return new Hedge(primary, secondary, delay, scheduler, listener);
        }
    }
}
