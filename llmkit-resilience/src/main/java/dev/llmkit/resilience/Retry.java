package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ConnectionException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.resilience.internal.AttemptHandle;
import dev.llmkit.resilience.internal.AttemptHandler;
import dev.llmkit.resilience.internal.RetryDecision;
import dev.llmkit.resilience.internal.SerialHandler;
import dev.llmkit.resilience.internal.Streams;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Retries retryable failures ({@link LlmException#isRetryable()}) with exponential backoff and full jitter: before
 * retry {@code n} it waits a uniform random time in {@code [0, min(maxBackoff, initialBackoff * multiplier^(n-1))]},
 * but never less than the provider's {@code Retry-After}. It gives up when attempts run out, when the wait would end
 * after {@code maxTotalTime} or the request's deadline, or when the retry budget (a fraction of recent calls) is
 * spent, so a fleet of clients never multiplies an outage. Non-retryable errors (400, 401, rejections) pass at once.
 *
 * <p>Streams are retried only while no output has reached the caller; after the first token or tool call the failure
 * is passed on with what was delivered (a {@link dev.llmkit.api.error.StreamInterruptedException}) and never replayed,
 * so no text is duplicated and no tool runs twice. {@code stream} never throws: a delegate that throws is treated as
 * a failed attempt (not retried unless it threw a retryable {@link LlmException}). Cancelling the handle cancels the
 * attempt that is running, or the pending wait before the next one. Sync calls wait on {@link Scheduler#sleep} on
 * the calling thread; streams schedule their retries (one timer per wait).
 *
 * <pre>{@code
 * ChatModel model = Retry.of(provider, RetryConfig.attempts(4));
 * }</pre>
 */
public final class Retry implements ChatModel {
    private final ChatModel delegate;
    private final RetryConfig config;
    private final Scheduler scheduler;
    private final ChatModelListener listener;
    private final RetryDecision decision;
    private final String name;

    private Retry(ChatModel delegate, RetryConfig config, Scheduler scheduler, ChatModelListener listener,
            DoubleSupplier random, String name) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = ChatModelListener.safe(listener);
        this.name = name;
        this.decision = new RetryDecision(config, scheduler, random, name);
    }

    /** Retries {@code delegate} with {@link RetryConfig#DEFAULTS}. */
    public static Retry of(ChatModel delegate) {
        return of(delegate, RetryConfig.DEFAULTS);
    }

    /** Retries {@code delegate} with {@code config}. */
    public static Retry of(ChatModel delegate, RetryConfig config) {
        return builder(delegate).config(config).build();
    }

    /** Starts a builder. */
    public static Builder builder(ChatModel delegate) {
        return new Builder(delegate);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        long start = scheduler.nanoTime();
        decision.onCall(start);
        ChatRequest current = request;
        for (int attempt = 1;; attempt++) {
            try {
                ChatResponse r = delegate.chat(current);
                return attempt == 1 ? r : r.withAttribute(ChatResponse.ATTR_ATTEMPTS, String.valueOf(attempt));
            } catch (LlmException e) {
                Optional<Duration> wait = nextWait(request, e, attempt, start);
                if (wait.isEmpty()) {
                    throw e;
                }
                current = current.nextAttempt();
                listener.onRetry(RetryEvent.builder().request(current).component(name).cause(e).delay(wait.get()).build());
                try {
                    scheduler.sleep(wait.get());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionException("Interrupted while waiting to retry: " + e.getMessage(), ie,
                            e.info());
                }
            }
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        AttemptHandle handle = new AttemptHandle();
        SerialHandler out = new SerialHandler(Objects.requireNonNull(handler, "handler"), handle::cancel);
        handle.onCancel(out::close);
        if (!out.start(handle)) {
            return handle;
        }
        long start = scheduler.nanoTime();
        decision.onCall(start);
        attempt(request, out, handle, 1, start);
        return handle;
    }

    private void attempt(ChatRequest request, SerialHandler out, AttemptHandle handle, int attempt, long start) {
        if (handle.isCancelled()) {
            return;
        }
        int id = handle.begin();
        StreamHandler attemptHandler = new AttemptHandler(handle, id, out) {
            @Override
            protected ChatResponse completed(ChatResponse response) {
                return attempt == 1 ? response
                        : response.withAttribute(ChatResponse.ATTR_ATTEMPTS, String.valueOf(attempt));
            }

            @Override
            protected void failed(LlmException error) {
                // a token or a tool call already reached the caller: replaying would duplicate it
                Optional<Duration> wait = out.hasOutput() ? Optional.empty() : nextWait(request, error, attempt, start);
                if (wait.isEmpty()) {
                    out.failAfterOutput(error);
                    return;
                }
                ChatRequest next = request.nextAttempt();
                Scheduler.Cancellable timer = Streams.trySchedule(scheduler, wait.get(),
                        () -> attempt(next, out, handle, attempt + 1, start));
                if (timer == null) {
                    out.onError(error); // no retry without a timer: the failure stands
                    return;
                }
                listener.onRetry(RetryEvent.builder().request(next).component(name).cause(error).delay(wait.get())
                        .build());
                handle.timer(timer);
            }
        };
        handle.set(id, Streams.start(delegate, request, attemptHandler));
    }

    private Optional<Duration> nextWait(ChatRequest request, LlmException e, int attempt, long start) {
        return decision.next(e, attempt, start, request.deadline());
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "Retry(" + delegate + ")";
    }

    /** Builds a {@link Retry}. */
    public static final class Builder {
        private final ChatModel delegate;
        private RetryConfig config = RetryConfig.DEFAULTS;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private String name = "retry";

        private Builder(ChatModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** The policy; default {@link RetryConfig#DEFAULTS}. */
        public Builder config(RetryConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Time source for waits; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives a {@link RetryEvent} before each retry. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The jitter source, uniform in [0, 1); tests pin it. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The name in events and logs; default {@code retry}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Builds the decorator. */
        public Retry build() {
            return new Retry(delegate, config, scheduler, listener, random, name);
        }
    }
}
